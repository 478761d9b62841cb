import type { ReactNode } from "react";
import { PageHeader } from "../../../components/PageHeader";
import styles from "../Auth.module.css";

/** The narrow card every sign-in page sits in, with its title and the links below it. */
export function AuthLayout({
  title,
  description,
  links,
  children,
}: {
  title: string;
  description?: ReactNode;
  links?: ReactNode;
  children: ReactNode;
}) {
  return (
    <article className="page page-narrow">
      <PageHeader title={title} description={description} />
      <div className={styles.card}>{children}</div>
      {links && <p className={styles.links}>{links}</p>}
    </article>
  );
}
