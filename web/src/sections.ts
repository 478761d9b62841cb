/**
 * The dashboard's sections, in navigation order. Each one that is not built
 * yet renders a placeholder saying what it will hold.
 */
export interface Section {
  path: string;
  label: string;
  /** What the finished page will show; used by its placeholder. */
  comingSoon: string;
}

export const sections: readonly Section[] = [
  {
    path: "/signals",
    label: "Signals",
    comingSoon: "the live list of published signals, with their symbol, direction and levels",
  },
  {
    path: "/track-record",
    label: "Track record",
    comingSoon: "how past signals performed, by market, interval and period",
  },
  {
    path: "/ledger",
    label: "Ledger",
    comingSoon: "the append-only record of every signal issued and how it closed",
  },
  {
    path: "/markets",
    label: "Markets",
    comingSoon: "the markets and symbols Harbinger follows, with their latest bars",
  },
  {
    path: "/portfolios",
    label: "Portfolios",
    comingSoon: "your portfolios and the signals applied to them",
  },
  {
    path: "/plans",
    label: "Plans",
    comingSoon: "the Free, Pro and Quant plans and what each includes",
  },
  {
    path: "/settings",
    label: "Settings",
    comingSoon: "your account, notification and API key settings",
  },
];
