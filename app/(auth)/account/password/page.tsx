import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/session";
import { ChangePasswordForm } from "@/components/auth/change-password-form";

export const metadata: Metadata = { title: "Change password · Triad" };

export default async function ChangePasswordPage() {
  const user = await requirePageUser("account:manage");
  return (
    <>
      <h1 className="text-xl font-semibold text-zinc-900">
        {user.mustChangePassword ? "Choose your password" : "Change your password"}
      </h1>
      <p className="mt-1 text-sm text-zinc-500">
        {user.mustChangePassword
          ? "You signed in with a one-time password. Choose your own (at least 12 characters) before you continue."
          : `Signed in as ${user.email}. Your other sessions end when the password changes.`}
      </p>
      <ChangePasswordForm email={user.email} />
    </>
  );
}
