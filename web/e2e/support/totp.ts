/**
 * RFC 6238 codes (SHA-1, 30-second steps, 6 digits: what authenticator apps use by default)
 * from a base32 secret, so the suite can answer the second factor like a phone would.
 */
import { createHmac } from "node:crypto";

function base32(secret: string): Buffer {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const char of secret.replace(/[\s=-]/g, "").toUpperCase()) {
    const value = alphabet.indexOf(char);
    if (value < 0) throw new Error(`not base32: ${char}`);
    bits += value.toString(2).padStart(5, "0");
  }
  const bytes = bits.match(/.{8}/g) ?? [];
  return Buffer.from(bytes.map((b) => parseInt(b, 2)));
}

export function totp(secret: string, at = Date.now()): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const mac = createHmac("sha1", base32(secret)).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return code.toString().padStart(6, "0");
}

/** Milliseconds until the current code changes; a code about to expire is not worth typing. */
export const msLeftInStep = (at = Date.now()) => 30_000 - (at % 30_000);

/**
 * A code from a later step than the one used at `usedAt`. The server accepts each step's
 * code once (a replayed code is refused), so a second sign-in soon after the first waits
 * for the authenticator's next code, as a person would.
 */
export async function nextCode(secret: string, usedAt: number): Promise<string> {
  const wait = (Math.floor(usedAt / 30_000) + 1) * 30_000 - Date.now();
  if (wait > 0) await new Promise((done) => setTimeout(done, wait + 100));
  return totp(secret);
}
