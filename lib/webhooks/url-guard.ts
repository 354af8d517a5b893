import { lookup as dnsLookup, promises as dns, type LookupAddress } from "node:dns";
import { BlockList, isIP, type LookupFunction } from "node:net";
import { env } from "@/lib/env";
import { Invalid } from "@/lib/errors";

// Webhook URLs are chosen by an admin but fetched by the server: without a guard they reach
// loopback, the private network or a cloud metadata service (SSRF). Refused unless the setting
// TRIAD_WEBHOOK_ALLOW_PRIVATE allows it: checked when the URL is saved, and again at delivery on
// the addresses DNS returns at connect time (so a name re-pointed after saving is caught too).

const blocked = new BlockList();
for (const [net, bits] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.88.99.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  blocked.addSubnet(net, bits, "ipv4");
for (const [net, bits] of [
  ["::", 128],
  ["::1", 128],
  ["64:ff9b::", 96],
  ["100::", 64],
  ["2001:db8::", 32],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const)
  blocked.addSubnet(net, bits, "ipv6");

/** Loopback, private, link-local (incl. 169.254.169.254 metadata), reserved or multicast. */
export function isBlockedAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return isBlockedAddress(mapped[1]);
    return blocked.check(address, "ipv6");
  }
  return blocked.check(address, "ipv4");
}

function privateTargetsAllowed(): boolean {
  return env().TRIAD_WEBHOOK_ALLOW_PRIVATE;
}

const REFUSED =
  "Webhook URLs may not point at loopback, private, link-local or metadata addresses (set TRIAD_WEBHOOK_ALLOW_PRIVATE=true to allow receivers inside your network).";

/** At save time: the URL's host, and every address it resolves to, must be public. */
export async function assertWebhookTarget(url: string): Promise<void> {
  if (privateTargetsAllowed()) return;
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  if (isIP(host)) {
    if (isBlockedAddress(host)) throw new Invalid(REFUSED, { url: ["Not a public address"] });
    return;
  }
  let addresses: LookupAddress[];
  try {
    addresses = await dns.lookup(host, { all: true, verbatim: true });
  } catch {
    throw new Invalid(`The host ${host} does not resolve.`, { url: ["Host does not resolve"] });
  }
  if (addresses.length === 0 || addresses.some((a) => isBlockedAddress(a.address)))
    throw new Invalid(REFUSED, { url: ["Not a public address"] });
}

/** At delivery: a DNS lookup for http.request that refuses non-public answers (fail closed). */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, "", 0);
    const list = addresses as LookupAddress[];
    const bad =
      !privateTargetsAllowed() && (list.length === 0 || list.some((a) => isBlockedAddress(a.address)));
    if (bad)
      return callback(
        Object.assign(new Error(`refused: ${hostname} resolves to a non-public address`), {
          code: "EPRIVATE",
        }),
        "",
        0,
      );
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
    callback(null, list[0].address, list[0].family);
  });
};

/** A literal IP in the URL never reaches the lookup: check it directly. */
export function refusedLiteral(url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  return !privateTargetsAllowed() && isIP(host) !== 0 && isBlockedAddress(host);
}
