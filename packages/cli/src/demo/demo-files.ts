/** Location of the 2023 unit list shipped with the demo data (read it with node:fs and pass it to buildDemoData). */
export const DEMO_UNITS_CSV_PATH = new URL('./units-vn-2023.csv', import.meta.url);
