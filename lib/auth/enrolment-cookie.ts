import { cookies } from "next/headers";
import { readTicket } from "./tickets";

// After a correct password, a user who must set up MFA carries a 10-minute ticket in this
// cookie to the enrolment page; nothing else is reachable with it.
export const ENROL_COOKIE = "triad_enrol";

export async function enrolmentUserId(): Promise<string | null> {
  return readTicket((await cookies()).get(ENROL_COOKIE)?.value ?? "", "mfa-enrol");
}
