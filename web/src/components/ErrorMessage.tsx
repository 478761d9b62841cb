import { ApiError } from "../lib/api/http";

/** What went wrong, in the server's words (problem+json `title` and `detail`). */
export function describeError(error: unknown): { title: string; detail?: string } {
  if (error instanceof ApiError) return { title: error.title, detail: error.detail };
  if (error instanceof Error) return { title: "Something went wrong", detail: error.message };
  return { title: "Something went wrong" };
}

export function ErrorMessage({ error, onRetry }: { error: unknown; onRetry?: () => unknown }) {
  const { title, detail } = describeError(error);
  return (
    <div className="alert alert-error" role="alert">
      <strong>{title}</strong>
      {detail && <p>{detail}</p>}
      {onRetry && (
        <button type="button" className="btn btn-small" onClick={() => onRetry()}>
          Try again
        </button>
      )}
    </div>
  );
}
