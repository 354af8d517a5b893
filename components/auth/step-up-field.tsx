import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";

/**
 * The TOTP step-up that decisions (approvals, proposals) ask for. Put it inside the form; the
 * server action passes its value to requireStepUp(). Leave empty when a code was entered in
 * the last 10 minutes.
 */
export function StepUpField({ id = "stepUpCode", error }: { id?: string; error?: string | string[] | null }) {
  return (
    <FormField
      label="Authenticator code"
      htmlFor={id}
      hint="Needed if you have not entered one in the last 10 minutes."
      error={error}
    >
      <Input
        id={id}
        name="stepUpCode"
        inputMode="numeric"
        autoComplete="one-time-code"
        pattern="[0-9 ]{6,7}"
        maxLength={7}
        placeholder="123 456"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : `${id}-hint`}
        className="w-36 font-mono tracking-widest"
      />
    </FormField>
  );
}
