// `--import` this in a worker thread's execArgv or a child process's arguments to run TypeScript sources there
// (see ts-worker-hooks.mjs).
import { register } from "node:module";

register("./ts-worker-hooks.mjs", import.meta.url);
