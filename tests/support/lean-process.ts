// A second Triad process for tests: the lean node:http routes plus the change listener, on a
// free port (printed as PORT=…), against DATABASE_URL. Exits when its stdin closes.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { findLeanRoute } from "@/lib/server/lean-routes";
import { startChangeListener } from "@/lib/changes/listen";

await startChangeListener();
const server = createServer((req, res) => {
  const route = findLeanRoute(req.method, req.url);
  if (!route) return void res.writeHead(404).end();
  void route.handler(req, res);
});
server.listen(0, "127.0.0.1", () => console.log(`PORT=${(server.address() as AddressInfo).port}`));
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
