import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** Version of @crucible/hub (from its package.json; works from src/ and dist/). */
export const version: string = (require("../../package.json") as { version: string }).version;

/** Default user agent: `crucible/<version>`. */
export const userAgent = `crucible/${version}`;
