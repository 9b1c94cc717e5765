import { HubError } from "@crucible/types";
import type { z } from "zod";
import type { HubConfig } from "../env/config.js";
import { type HubRequestInit, hubRequest } from "../http/client.js";
import { redactUrl } from "../http/errors.js";

/** Parses a Hub JSON body with a zod schema; a bad shape is a HubError that names the URL. */
export function parseHubJson<S extends z.ZodType>(schema: S, text: string, url: string, init: HubRequestInit): z.infer<S> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new HubError("HUB_HTTP", `The Hub answered with invalid JSON: ${redactUrl(url)}`, { ...init.context, url, cause });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new HubError(
      "HUB_HTTP",
      `Unexpected response shape from ${redactUrl(url)}: ${parsed.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join(".")}: ${i.message}`)
        .join("; ")}`,
      { ...init.context, url },
    );
  }
  return parsed.data;
}

/** GETs (or POSTs) JSON, validates it, and returns it with the response (for headers such as `Link`). */
export async function requestJson<S extends z.ZodType>(
  config: HubConfig,
  url: string,
  schema: S,
  init: HubRequestInit = {},
): Promise<{ data: z.infer<S>; response: Response }> {
  const response = await hubRequest(config, url, { ...init, headers: { accept: "application/json", ...init.headers } });
  const text = await response.text();
  return { data: parseHubJson(schema, text, url, init), response };
}
