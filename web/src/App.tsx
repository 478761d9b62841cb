import { Route, Routes } from "react-router";
import { Layout } from "./components/Layout";
import { sections } from "./sections";
import { Home } from "./pages/Home";
import { NotFound } from "./pages/NotFound";
import { Placeholder } from "./pages/Placeholder";
import { Status } from "./pages/Status";

/**
 * The route table. It is rendered inside a router supplied by the caller:
 * `BrowserRouter` in the app, `MemoryRouter` in tests.
 */
export function App() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<Home />} />
        {sections.map((section) => (
          <Route
            key={section.path}
            path={section.path}
            element={<Placeholder title={section.label} comingSoon={section.comingSoon} />}
          />
        ))}
        <Route path="/status" element={<Status />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
