// Expected failures. Their messages are safe to show to the caller; anything else is an
// internal error that is logged with a request id and shown generically.
export class DomainError extends Error {
  readonly status: number = 400;
  readonly code: string = "invalid";
}

export class Invalid extends DomainError {
  override readonly status = 400;
  override readonly code = "invalid";
  constructor(
    message: string,
    readonly fieldErrors: Record<string, string[]> = {},
  ) {
    super(message);
  }
}

export class Unauthenticated extends DomainError {
  override readonly status = 401;
  override readonly code = "unauthenticated";
}

export class Forbidden extends DomainError {
  override readonly status = 403;
  override readonly code = "forbidden";
}

export class NotFound extends DomainError {
  override readonly status = 404;
  override readonly code = "not_found";
}

export class Conflict extends DomainError {
  override readonly status = 409;
  override readonly code = "conflict";
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}

/** Known Prisma failures that are the caller's to fix, as typed errors with safe messages. */
export function fromDatabaseError(error: unknown): DomainError | null {
  const code =
    typeof error === "object" && error !== null && "code" in error ? (error as { code: unknown }).code : null;
  if (code === "P2025") return new NotFound("That record no longer exists.");
  if (code === "P2002") return new Conflict("That already exists.");
  if (code === "P2003") return new Invalid("It refers to something that does not exist.");
  return null;
}

/** The action needs a TOTP code entered recently; the UI asks for one and retries. */
export class StepUpRequired extends DomainError {
  override readonly status = 403;
  override readonly code = "step_up_required";
}
