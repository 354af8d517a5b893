import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import path from "node:path";

// Cedar's WebAssembly build for Node. Loaded with require so bundlers leave its .wasm alone
// (it is also listed in serverExternalPackages).
type CedarModule = typeof import("@cedar-policy/cedar-wasm/nodejs");
const require = createRequire(import.meta.url);
let mod: CedarModule | undefined;

export function cedar(): CedarModule {
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
    actionNames = new Set(
      [...triadSchema().matchAll(/^action\s+"?([A-Za-z_][A-Za-z0-9_]*)"?/gm)].map((m) => m[1]),
    );
  }
  return actionNames;
}
