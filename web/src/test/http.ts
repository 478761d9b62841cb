// The fake API lives in ./api; tests written before it import these two from here.
export { jsonResponse, mockFetch, type Route } from "./api";
