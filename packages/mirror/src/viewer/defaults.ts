import path from "node:path";
import { fileURLToPath } from "node:url";
import { crucibleHome } from "@crucible/core";

/** Default folder of the viewer's search indexes: `<crucible home>/viewer-index`. */
export function defaultIndexDir(): string {
  return path.join(crucibleHome(), "viewer-index");
}

/** The package's built page: `page-dist` beside `src`/`dist`. */
export function defaultPageDir(): string {
  return fileURLToPath(new URL("../../page-dist", import.meta.url));
}
