/** `up`/`down` for a signed decimal string, by its sign character alone (no float parse). */
export function signClass(value: string | null | undefined): string {
  if (!value) return "";
  const v = value.trim();
  if (v.startsWith("-")) return "down";
  return /[1-9]/.test(v) ? "up" : "";
}
