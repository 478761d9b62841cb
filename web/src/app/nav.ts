/** The navigation, in order. `signedIn` items show only with a session; `admin` only to operators. */
export interface NavItem {
  to: string;
  label: string;
  audience: "everyone" | "signedIn" | "admin";
}

export const navItems: readonly NavItem[] = [
  { to: "/signals", label: "Signals", audience: "signedIn" },
  { to: "/markets", label: "Markets", audience: "signedIn" },
  { to: "/watchlist", label: "Watchlist", audience: "signedIn" },
  { to: "/portfolios", label: "Portfolios", audience: "signedIn" },
  { to: "/backtests", label: "Backtests", audience: "signedIn" },
  { to: "/track-record", label: "Track record", audience: "everyone" },
  { to: "/ledger", label: "Ledger", audience: "everyone" },
  { to: "/admin", label: "Admin", audience: "admin" },
];
