import type { ReactNode } from "react";
import styles from "../Account.module.css";

/** One panel of the Account page: a region named by its heading, so it can be found and linked to. */
export function Section({
  id,
  title,
  status,
  danger = false,
  children,
}: {
  id: string;
  title: string;
  /** A badge or short state shown next to the heading. */
  status?: ReactNode;
  danger?: boolean;
  children: ReactNode;
}) {
  return (
    <section
      id={id}
      className={danger ? `panel ${styles.dangerZone}` : "panel"}
      aria-labelledby={`${id}-title`}
    >
      <div className="panel-header">
        <h2 id={`${id}-title`}>{title}</h2>
        {status}
      </div>
      <div>{children}</div>
    </section>
  );
}
