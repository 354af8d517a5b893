import { createRequire } from "node:module";
import { setFlagsFromString } from "node:v8";
import { readFileSync } from "node:fs";
import path from "node:path";

// Cedar's WebAssembly build for Node. Loaded with require so bundlers leave its .wasm alone
// (it is also listed in serverExternalPackages).
type CedarModule = typeof import("@cedar-policy/cedar-wasm/nodejs");
const require = createRequire(import.meta.url);
let mod: CedarModule | undefined;

// Under sustained decision load, Node 20.20's V8 aborted the process ("unreachable code" in
// Deoptimizer::DoComputeBuiltinContinuation) when lazily deoptimizing the PDP's optimized code
// with inlined calls into the wasm-bindgen glue. Without TurboFan inlining it does not happen
// (reproduced 5/5 before, 0/4 after); the cost is small next to the database round trips.
let flagsSet = false;
function avoidV8DeoptAbort() {
  if (flagsSet) return;
  flagsSet = true;
  try {
    setFlagsFromString("--no-turbo-inlining");
  } catch {
    // not fatal: only a mitigation
  }
}

export function cedar(): CedarModule {
  avoidV8DeoptAbort();
  mod ??= require("@cedar-policy/cedar-wasm/nodejs") as CedarModule;
  return mod;
}

export type { EntityJson, Context, CedarValueJson, DetailedError } from "@cedar-policy/cedar-wasm/nodejs";

let schemaText: string | undefined;

/** The Cedar schema kept in the repo (lib/policy/triad.cedarschema). */
export function triadSchema(): string {
  schemaText ??= readFileSync(path.join(process.cwd(), "lib/policy/triad.cedarschema"), "utf8");
  return schemaText;
}

/** Action names the schema declares: anything else is refused as an unknown action (400). */
let actionNames: Set<string> | undefined;
export function knownActions(): Set<string> {
  if (!actionNames) {
    actionNames = new Set([...triadSchema().matchAll(/^action\s+"?([A-Za-z_][A-Za-z0-9_]*)"?/gm)].map((m) => m[1]));
  }
  return actionNames;
}
