import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { Link, NavLink, Outlet, useLocation, useNavigate } from "react-router";
import { api } from "../lib/api/client";
import { refreshSession, useSession } from "../lib/session";
import { useTheme, type ThemeChoice } from "../lib/theme";
import { navItems } from "./nav";
import { PageSuspense } from "./PageSuspense";

function navClass({ isActive }: { isActive: boolean }) {
  return isActive ? "nav-link active" : "nav-link";
}

const THEMES: { value: ThemeChoice; label: string }[] = [
  { value: "system", label: "System theme" },
  { value: "light", label: "Light theme" },
  { value: "dark", label: "Dark theme" },
];

function ThemeSelect() {
  const { choice, setChoice } = useTheme();
  return (
    <select
      className="theme-select"
      aria-label="Theme"
      value={choice}
      onChange={(e) => setChoice(e.target.value as ThemeChoice)}
    >
      {THEMES.map((t) => (
        <option key={t.value} value={t.value}>
          {t.label}
        </option>
      ))}
    </select>
  );
}

function UserMenu() {
  const { user, isLoading } = useSession();
  const client = useQueryClient();
  const navigate = useNavigate();
  if (isLoading) return <span className="user-menu-placeholder" aria-hidden="true" />;
  if (!user) {
    return (
      <div className="user-menu">
        <Link to="/login" className="btn btn-small">
          Sign in
        </Link>
        <Link to="/register" className="btn btn-small btn-primary">
          Create account
        </Link>
      </div>
    );
  }
  return (
    <div className="user-menu">
      <Link to="/plan" className={`badge badge-plan plan-${user.plan}`} title="Your plan">
        {user.plan}
      </Link>
      <Link to="/account" className="user-email" title="Account settings">
        {user.email}
      </Link>
      <button
        type="button"
        className="btn btn-small"
        onClick={async () => {
          try {
            await api.POST("/api/v1/auth/logout");
          } finally {
            await refreshSession(client);
            navigate("/");
          }
        }}
      >
        Sign out
      </button>
    </div>
  );
}

/** Header, navigation and the page area every route renders into. */
export function Shell() {
  const { pathname } = useLocation();
  const { user, isAdmin } = useSession();
  const [menuOpen, setMenuOpen] = useState(false);
  const firstRender = useRef(true);

  // After client-side navigation, move focus to the new page so keyboard and
  // screen-reader users land on it (a full page load needs no help).
  useEffect(() => {
    setMenuOpen(false);
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    document.getElementById("main")?.focus({ preventScroll: true });
    window.scrollTo?.(0, 0);
  }, [pathname]);

  const items = navItems.filter(
    (item) =>
      item.audience === "everyone" ||
      (item.audience === "signedIn" && user) ||
      (item.audience === "admin" && isAdmin),
  );

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="header">
        <button
          type="button"
          className="menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="main-nav"
          onClick={() => setMenuOpen((open) => !open)}
        >
          <span aria-hidden="true">☰</span>
          <span className="visually-hidden">Menu</span>
        </button>
        <Link to="/" className="wordmark" aria-label="Harbinger home">
          <img src="/favicon.svg" alt="" width={24} height={24} />
          <span>Harbinger</span>
        </Link>
        {/* The theme picker sits at the edge: the user menu appears once the session is
            known, and growing leftwards from there it moves nothing already drawn. */}
        <div className="header-end">
          <UserMenu />
          <ThemeSelect />
        </div>
      </header>
      <nav id="main-nav" className={menuOpen ? "sidebar open" : "sidebar"} aria-label="Main">
        <ul>
          {items.map((item) => (
            <li key={item.to}>
              <NavLink to={item.to} className={navClass}>
                {item.label}
              </NavLink>
            </li>
          ))}
        </ul>
        <ul className="sidebar-foot">
          <li>
            <NavLink to="/status" className={navClass}>
              System status
            </NavLink>
          </li>
        </ul>
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        <PageSuspense>
          <Outlet />
        </PageSuspense>
      </main>
    </div>
  );
}
