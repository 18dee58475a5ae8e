/** Location of the 2023 unit list shipped with the demo data (read it with node:fs and pass it to buildDemoData). */
export const DEMO_UNITS_CSV_PATH = new URL('./units-vn-2023.csv', import.meta.url);
/** The 34 provinces of 2025 and the 2023 provinces each was formed from (a copy of ../shared/data/provinces-vn-2025.csv). */
export const DEMO_PROVINCES_2025_CSV_PATH = new URL('./provinces-vn-2025.csv', import.meta.url);
