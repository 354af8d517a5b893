import { describe, expect, it } from "vitest";
import {
  checkCheckpointSignature,
  generateSigningKey,
  keyIdOf,
  publicHalf,
  signCheckpoint,
} from "./signature";

describe("checkpoint signatures", () => {
  const key = generateSigningKey();
  const claim = { seq: 42n, headHash: "a".repeat(64), at: new Date("2026-11-30T05:00:00.000Z") };

  it("verifies with the public half and fails on any changed field", () => {
    const signature = signCheckpoint(key.privateKeyPem, claim);
    expect(checkCheckpointSignature(key.publicKeyPem, claim, signature)).toBe(true);
    expect(checkCheckpointSignature(key.publicKeyPem, { ...claim, seq: 43n }, signature)).toBe(false);
    expect(
      checkCheckpointSignature(key.publicKeyPem, { ...claim, headHash: "b".repeat(64) }, signature),
    ).toBe(false);
    expect(checkCheckpointSignature(key.publicKeyPem, { ...claim, at: new Date(0) }, signature)).toBe(false);
    expect(checkCheckpointSignature(generateSigningKey().publicKeyPem, claim, signature)).toBe(false);
    expect(checkCheckpointSignature(key.publicKeyPem, claim, "not-a-signature")).toBe(false);
  });

  it("derives a stable key id and the public half from the private key", () => {
    expect(keyIdOf(key.publicKeyPem)).toMatch(/^[0-9a-f]{16}$/);
    expect(publicHalf(key.privateKeyPem)).toBe(key.publicKeyPem);
  });
});
