/**
 * Light and dark themes. The choice ("light", "dark" or "system") is kept in
 * localStorage and applied as `data-theme` on <html>; "system" follows the OS.
 */
import { useCallback, useSyncExternalStore } from "react";

export type ThemeChoice = "light" | "dark" | "system";
const KEY = "harbinger-theme";
const listeners = new Set<() => void>();

function stored(): ThemeChoice {
  try {
    const v = localStorage.getItem(KEY);
    return v === "light" || v === "dark" ? v : "system";
  } catch {
    return "system";
  }
}

function systemDark(): boolean {
  return typeof matchMedia === "function" && matchMedia("(prefers-color-scheme: dark)").matches;
}

/** The theme in effect for a choice. */
export function resolveTheme(choice: ThemeChoice): "light" | "dark" {
  return choice === "system" ? (systemDark() ? "dark" : "light") : choice;
}

/** Applies the stored choice to the document; called once before the first render. */
export function applyTheme(choice: ThemeChoice = stored()): void {
  const theme = resolveTheme(choice);
  document.documentElement.dataset.theme = theme;
  document.querySelector('meta[name="theme-color"]')?.setAttribute(
    "content",
    theme === "dark" ? "#0d1117" : "#ffffff",
  );
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  const mq = typeof matchMedia === "function" ? matchMedia("(prefers-color-scheme: dark)") : null;
  const onSystem = () => {
    applyTheme();
    listener();
  };
  mq?.addEventListener("change", onSystem);
  return () => {
    listeners.delete(listener);
    mq?.removeEventListener("change", onSystem);
  };
}

/** The current choice, the theme in effect, and a setter. */
export function useTheme() {
  const choice = useSyncExternalStore(subscribe, stored, () => "system" as ThemeChoice);
  const setChoice = useCallback((next: ThemeChoice) => {
    try {
      if (next === "system") localStorage.removeItem(KEY);
      else localStorage.setItem(KEY, next);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
    applyTheme(next);
    for (const l of listeners) l();
  }, []);
  return { choice, theme: resolveTheme(choice), setChoice };
}
