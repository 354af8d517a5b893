import { FormField } from "@/components/ui/form-field";
import { Input, Textarea } from "@/components/ui/input";
import { Select, type SelectOption } from "@/components/ui/select";

type FieldErrors = Record<string, string[]> | undefined;
const errorOf = (errors: FieldErrors, name: string) => errors?.[name]?.join(" ");

/**
 * The fields every way of asking for access shares (a request, break-glass): how long, why, and
 * the ticket. The wording differs per form; the names are the zod schemas' (lib/requests/schemas.ts).
 */
export function AccessFields({
  presets,
  defaultDuration,
  durationHint,
  justificationLabel,
  justificationHint,
  ticketLabel,
  ticketPlaceholder,
  fieldErrors,
}: {
  presets: SelectOption[];
  defaultDuration?: string;
  durationHint?: string;
  justificationLabel: string;
  justificationHint: string;
  ticketLabel: string;
  ticketPlaceholder: string;
  fieldErrors: FieldErrors;
}) {
  const justificationError = errorOf(fieldErrors, "justification");
  return (
    <>
      <FormField
        label="Duration"
        htmlFor="durationMinutes"
        required
        error={errorOf(fieldErrors, "durationMinutes")}
        hint={durationHint}
      >
        <Select
          id="durationMinutes"
          name="durationMinutes"
          options={presets}
          defaultValue={defaultDuration}
        />
      </FormField>
      <FormField
        label={justificationLabel}
        htmlFor="justification"
        required
        error={justificationError}
        hint={justificationHint}
      >
        <Textarea
          id="justification"
          name="justification"
          rows={3}
          aria-invalid={justificationError ? true : undefined}
        />
      </FormField>
      <FormField label={ticketLabel} htmlFor="ticketRef" error={errorOf(fieldErrors, "ticketRef")}>
        <Input id="ticketRef" name="ticketRef" placeholder={ticketPlaceholder} className="max-w-xs" />
      </FormField>
    </>
  );
}
