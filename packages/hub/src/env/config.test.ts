import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isTruthyEnv, resolveHubConfig } from "./config.js";
import { userAgent, version } from "./version.js";

const tmp = () => mkdtempSync(path.join(os.tmpdir(), "crucible-env-"));

describe("resolveHubConfig", () => {
  it("uses huggingface_hub defaults with an empty environment", () => {
    const home = tmp();
    const c = resolveHubConfig({}, { HOME: home });
    expect(c.endpoint).toBe("https://huggingface.co");
    expect(c.cacheDir).toBe(path.join(os.homedir(), ".cache", "huggingface", "hub"));
    expect(c.offline).toBe(false);
    expect(c.onProgress).toBeUndefined();
    expect(c.retry.maxRetries).toBe(5);
    expect(c.userAgent).toBe(`crucible/${version}`);
    expect(userAgent).toMatch(/^crucible\/\d+\.\d+\.\d+/);
  });

  it("reads HF_ENDPOINT (trailing slash stripped) and lets the option win", () => {
    expect(resolveHubConfig({}, { HF_ENDPOINT: "http://127.0.0.1:9/" }).endpoint).toBe("http://127.0.0.1:9");
    expect(resolveHubConfig({ endpoint: "http://a" }, { HF_ENDPOINT: "http://b" }).endpoint).toBe("http://a");
  });

  it("takes the token from option > HF_TOKEN > HF_TOKEN_PATH > $HF_HOME/token, and token:false disables", () => {
    const home = tmp();
    writeFileSync(path.join(home, "token"), "hf_fromhome\r\n");
    const other = path.join(tmp(), "tok");
    writeFileSync(other, "  hf_frompath \n");
    const env = { HF_HOME: home };
    expect(resolveHubConfig({}, env).token).toBe("hf_fromhome");
    expect(resolveHubConfig({}, { ...env, HF_TOKEN_PATH: other }).token).toBe("hf_frompath");
    expect(resolveHubConfig({}, { ...env, HF_TOKEN_PATH: other, HF_TOKEN: "hf_env" }).token).toBe("hf_env");
    expect(resolveHubConfig({ token: "hf_opt" }, { ...env, HF_TOKEN: "hf_env" }).token).toBe("hf_opt");
    expect(resolveHubConfig({ token: false }, { ...env, HF_TOKEN: "hf_env" }).token).toBeUndefined();
    expect(resolveHubConfig({}, { HF_HOME: tmp() }).token).toBeUndefined();
  });

  it("resolves the cache dir from HF_HUB_CACHE, then HF_HOME/hub, then XDG_CACHE_HOME", () => {
    expect(resolveHubConfig({}, { HF_HOME: "/x/hf" }).cacheDir).toBe("/x/hf/hub");
    expect(resolveHubConfig({}, { HF_HOME: "/x/hf", HF_HUB_CACHE: "/y/c" }).cacheDir).toBe("/y/c");
    expect(resolveHubConfig({}, { XDG_CACHE_HOME: "/z" }).cacheDir).toBe("/z/huggingface/hub");
    expect(resolveHubConfig({ cacheDir: "/o" }, { HF_HUB_CACHE: "/y/c" }).cacheDir).toBe("/o");
  });

  it("parses offline flags like huggingface_hub and datasets", () => {
    for (const v of ["1", "ON", "yes", "True"]) expect(resolveHubConfig({}, { HF_HUB_OFFLINE: v }).offline).toBe(true);
    for (const v of ["0", "false", "", "off"]) expect(resolveHubConfig({}, { HF_HUB_OFFLINE: v }).offline).toBe(false);
    expect(resolveHubConfig({}, { HF_DATASETS_OFFLINE: "1" }).offline).toBe(true);
    // HF_DATASETS_OFFLINE, when set, overrides HF_HUB_OFFLINE (datasets' config.py)
    expect(resolveHubConfig({}, { HF_HUB_OFFLINE: "1", HF_DATASETS_OFFLINE: "0" }).offline).toBe(false);
    expect(resolveHubConfig({ offline: false }, { HF_HUB_OFFLINE: "1" }).offline).toBe(false);
    expect(isTruthyEnv(undefined)).toBe(false);
  });

  it("silences progress events with HF_HUB_DISABLE_PROGRESS_BARS unless the option says otherwise", () => {
    const onProgress = () => undefined;
    expect(resolveHubConfig({ onProgress }, {}).onProgress).toBe(onProgress);
    expect(resolveHubConfig({ onProgress }, { HF_HUB_DISABLE_PROGRESS_BARS: "1" }).onProgress).toBeUndefined();
    expect(resolveHubConfig({ onProgress, progress: true }, { HF_HUB_DISABLE_PROGRESS_BARS: "1" }).onProgress).toBe(onProgress);
  });
});
