import { handleScim } from "@/lib/scim/handler";

// SCIM 2.0 inbound provisioning (RFC 7643/7644): Users, Groups and discovery, bearer-token auth.
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ path?: string[] }> };
const handle = async (request: Request, { params }: Context) =>
  handleScim(request, (await params).path ?? []);

export { handle as GET, handle as POST, handle as PUT, handle as PATCH, handle as DELETE };
