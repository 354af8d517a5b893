import type { Metadata } from "next";
import Link from "next/link";
import QRCode from "qrcode";
import { enrolmentUserId } from "@/lib/auth/enrolment-cookie";
import { hasMfa, startEnrolment } from "@/lib/auth/mfa";
import { EnrolForm } from "@/components/auth/enrol-form";

export const metadata: Metadata = { title: "Set up two-factor sign-in · Triad" };

export default async function EnrolPage() {
  const userId = await enrolmentUserId();
  if (!userId) {
    return (
      <>
        <h1 className="text-xl font-semibold text-zinc-900">Set-up link expired</h1>
        <p className="mt-2 text-sm text-zinc-600">
          Sign in again with your password to restart two-factor set-up.
        </p>
        <Link href="/login" className="mt-6 inline-block text-sm font-medium text-indigo-600 hover:underline">
          Back to sign-in
        </Link>
      </>
    );
  }
  if (await hasMfa(userId)) {
    // Just enrolled (this page re-renders after the action): the form shows the recovery codes.
    return (
      <>
        <h1 className="text-xl font-semibold text-zinc-900">Two-factor sign-in</h1>
        <EnrolForm enrolled />
      </>
    );
  }
  const { email, secret, uri } = await startEnrolment(userId);
  const qr = await QRCode.toDataURL(uri, { margin: 1, width: 200 });
  return (
    <>
      <h1 className="text-xl font-semibold text-zinc-900">Set up two-factor sign-in</h1>
      <p className="mt-1 text-sm text-zinc-500">
        Your role approves, certifies or changes policy, so {email} needs a second factor.
      </p>
      <ol className="mt-6 space-y-4 text-sm text-zinc-700">
        <li>
          1. Scan this code with an authenticator app (1Password, Google Authenticator, Authy…).
          {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL, nothing to optimise */}
          <img
            src={qr}
            alt="QR code for your authenticator app"
            width={200}
            height={200}
            className="mx-auto mt-3 rounded border border-zinc-200"
          />
          <p className="mt-2 text-center text-xs text-zinc-500">
            Can&apos;t scan? Enter this key:{" "}
            <code className="font-mono text-zinc-800 select-all" data-testid="totp-secret">
              {secret}
            </code>
          </p>
        </li>
        <li>2. Enter the 6-digit code the app shows.</li>
      </ol>
      <EnrolForm enrolled={false} />
    </>
  );
}
