// `node --import ./recordLoads.mjs`: has every file the process imports as an ES module (the
// deployment bundle and its chunks) appended, one URL a line, to the file RECORD_LOADS names.
// The hooks run on the loader's own thread (recordLoadsHooks.mjs).
import { register } from "node:module";

register(new URL("./recordLoadsHooks.mjs", import.meta.url), { data: { log: process.env.RECORD_LOADS } });
