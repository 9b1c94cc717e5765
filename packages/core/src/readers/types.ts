// `Row` is declared once, in @crucible/types; this re-export only keeps `./types.js` imports working.
export type { Row } from "@crucible/types";
