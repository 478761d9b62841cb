/**
 * Where to go after signing in. `next` comes from the address bar, so anyone
 * can craft it: only a path on this site is followed, never another origin
 * (`//evil.example`, `/\evil.example`, `https://…`), and never back into the
 * sign-in pages themselves.
 */
export const DEFAULT_AFTER_LOGIN = "/signals";

const SIGN_IN_PAGES = ["/login", "/register"];

export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) {
    return DEFAULT_AFTER_LOGIN;
  }
  // The URL parser normalises tabs, newlines and backslashes the way the browser would.
  const base = "https://harbinger.invalid";
  let url: URL;
  try {
    url = new URL(next, base);
  } catch {
    return DEFAULT_AFTER_LOGIN;
  }
  if (url.origin !== base) return DEFAULT_AFTER_LOGIN;
  if (SIGN_IN_PAGES.includes(url.pathname)) return DEFAULT_AFTER_LOGIN;
  return `${url.pathname}${url.search}${url.hash}`;
}
