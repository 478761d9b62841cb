import { useEffect, useRef } from "react";
import { Link, NavLink, Outlet, useLocation } from "react-router";
import { sections } from "../sections";

function navClass({ isActive }: { isActive: boolean }) {
  return isActive ? "nav-link active" : "nav-link";
}

/** Header, navigation and the page area every route renders into. */
export function Layout() {
  const { pathname } = useLocation();
  const firstRender = useRef(true);

  // After client-side navigation, move focus to the new page so keyboard and
  // screen-reader users land on it (a full page load needs no help).
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    document.getElementById("main")?.focus({ preventScroll: true });
    window.scrollTo?.(0, 0);
  }, [pathname]);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="header">
        <Link to="/" className="wordmark" aria-label="Harbinger home">
          <img src="/favicon.svg" alt="" width={24} height={24} />
          <span>Harbinger</span>
        </Link>
        <NavLink to="/status" className={navClass}>
          System status
        </NavLink>
      </header>
      <nav className="sidebar" aria-label="Main">
        <ul>
          {sections.map((section) => (
            <li key={section.path}>
              <NavLink to={section.path} className={navClass}>
                {section.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
