/**
 * The route table. Each page is its own chunk (React.lazy), so the landing
 * page loads only its own code. Rendered inside a router supplied by the
 * caller: `BrowserRouter` in the app, `MemoryRouter` in tests.
 */
import { lazy, type ComponentType, type ReactNode } from "react";
import { Route, Routes } from "react-router";
import { NotFound } from "./NotFound";
import { RequireAuth } from "./RequireAuth";
import { Shell } from "./Shell";

/** A lazily loaded page: `module` exports a component named `name`. */
function page<M extends Record<string, unknown>>(load: () => Promise<M>, name: keyof M) {
  return lazy(async () => ({ default: (await load())[name] as ComponentType }));
}

const LandingPage = page(() => import("../features/landing/LandingPage"), "LandingPage");
const TrackRecordPage = page(() => import("../features/track-record/TrackRecordPage"), "TrackRecordPage");
const LedgerPage = page(() => import("../features/ledger/LedgerPage"), "LedgerPage");
const StatusPage = page(() => import("../features/status/StatusPage"), "Status");
const LoginPage = page(() => import("../features/auth/LoginPage"), "LoginPage");
const RegisterPage = page(() => import("../features/auth/RegisterPage"), "RegisterPage");
const VerifyEmailPage = page(() => import("../features/auth/VerifyEmailPage"), "VerifyEmailPage");
const ForgotPasswordPage = page(
  () => import("../features/auth/ForgotPasswordPage"),
  "ForgotPasswordPage",
);
const ResetPasswordPage = page(
  () => import("../features/auth/ResetPasswordPage"),
  "ResetPasswordPage",
);
const ConfirmEmailPage = page(() => import("../features/auth/ConfirmEmailPage"), "ConfirmEmailPage");
const SignalsPage = page(() => import("../features/signals/SignalsPage"), "SignalsPage");
const SignalDetailPage = page(() => import("../features/signals/SignalDetailPage"), "SignalDetailPage");
const MarketsPage = page(() => import("../features/symbol/MarketsPage"), "MarketsPage");
const SymbolPage = page(() => import("../features/symbol/SymbolPage"), "SymbolPage");
const WatchlistPage = page(() => import("../features/watchlist/WatchlistPage"), "WatchlistPage");
const PortfoliosPage = page(() => import("../features/portfolios/PortfoliosPage"), "PortfoliosPage");
const PortfolioPage = page(() => import("../features/portfolios/PortfolioPage"), "PortfolioPage");
const BacktestsPage = page(() => import("../features/backtests/BacktestsPage"), "BacktestsPage");
const BacktestPage = page(() => import("../features/backtests/BacktestPage"), "BacktestPage");
const AccountPage = page(() => import("../features/account/AccountPage"), "AccountPage");
const PlanPage = page(() => import("../features/billing/PlanPage"), "PlanPage");
const AdminPage = page(() => import("../features/admin/AdminPage"), "AdminPage");

const signedIn = (node: ReactNode) => <RequireAuth>{node}</RequireAuth>;

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<Shell />}>
        <Route index element={<LandingPage />} />
        <Route path="track-record" element={<TrackRecordPage />} />
        <Route path="ledger" element={<LedgerPage />} />
        <Route path="status" element={<StatusPage />} />
        <Route path="login" element={<LoginPage />} />
        <Route path="register" element={<RegisterPage />} />
        <Route path="verify-email" element={<VerifyEmailPage />} />
        <Route path="forgot-password" element={<ForgotPasswordPage />} />
        <Route path="reset-password" element={<ResetPasswordPage />} />
        <Route path="confirm-email" element={<ConfirmEmailPage />} />
        <Route path="signals" element={signedIn(<SignalsPage />)} />
        <Route path="signals/:id" element={signedIn(<SignalDetailPage />)} />
        <Route path="markets" element={signedIn(<MarketsPage />)} />
        <Route path="symbols/:symbol" element={signedIn(<SymbolPage />)} />
        <Route path="watchlist" element={signedIn(<WatchlistPage />)} />
        <Route path="portfolios" element={signedIn(<PortfoliosPage />)} />
        <Route path="portfolios/:id" element={signedIn(<PortfolioPage />)} />
        <Route path="backtests" element={signedIn(<BacktestsPage />)} />
        <Route path="backtests/:id" element={signedIn(<BacktestPage />)} />
        <Route path="account" element={signedIn(<AccountPage />)} />
        <Route path="plan" element={signedIn(<PlanPage />)} />
        <Route
          path="admin/*"
          element={
            <RequireAuth admin>
              <AdminPage />
            </RequireAuth>
          }
        />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
