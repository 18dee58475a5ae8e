export function TargetsPage() {
  return <h1>Targets</h1>;
}
