// The V8 flags every Triad server process starts with (package.json start/dev, the bench servers,
// the replicas test, vitest's integration workers).
//
// Node 20's V8 (11.3) aborts the process ("unreachable code" in
// Deoptimizer::DoComputeBuiltinContinuation) when it lazily deoptimises a function that is inside
// a TurboFan-inlined JS→Wasm call whose export returns `externref`: its deoptimizer has no case
// for a reference-typed Wasm return value. Cedar's wasm-bindgen exports take and return externref,
// and Cedar's answer is built with JSON.parse inside the call, which can invalidate the caller's
// optimised code. Turning off only that inlining keeps the rest of TurboFan (the earlier
// workaround, --no-turbo-inlining, cost about half of the server's JavaScript speed).
// v8-flags.test.ts reproduces the abort and shows that the flag prevents it.
export const SERVER_V8_FLAGS = ["--no-turbo-inline-js-wasm-calls"] as const;
