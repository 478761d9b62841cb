import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import { AppProvider } from "./app/provider";
import { AppRoutes } from "./app/routes";
import { applyTheme } from "./lib/theme";
import "./styles.css";

const root = document.getElementById("root");
if (!root) throw new Error("Harbinger: #root element missing from index.html");

applyTheme();
createRoot(root).render(
  <StrictMode>
    <AppProvider>
      <BrowserRouter>
        <AppRoutes />
      </BrowserRouter>
    </AppProvider>
  </StrictMode>,
);
