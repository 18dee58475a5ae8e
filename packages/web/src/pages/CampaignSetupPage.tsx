export function CampaignSetupPage() {
  return <h1>CampaignSetup</h1>;
}
