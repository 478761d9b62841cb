import { useEffect } from "react";

/** Sets the document title to "<page> · Harbinger" while the page is shown. */
export function usePageTitle(page?: string) {
  useEffect(() => {
    document.title = page ? `${page} · Harbinger` : "Harbinger";
  }, [page]);
}
