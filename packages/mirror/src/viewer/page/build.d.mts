/** Build the viewer page into `outDir` (replaced). */
export function buildPage(outDir: string): Promise<void>;
