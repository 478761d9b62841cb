import QRCode from "qrcode";
import { useEffect, useState } from "react";
import { Skeleton } from "../../../components/QueryState";
import styles from "../Account.module.css";

/**
 * `text` as a QR code. Drawn to an SVG string and shown as a data: image,
 * which the page's content security policy allows (no inline script or markup).
 */
export function QrCode({ text, label }: { text: string; label: string }) {
  const [src, setSrc] = useState<string>();
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let live = true;
    QRCode.toString(text, { type: "svg", margin: 1, errorCorrectionLevel: "M" })
      .then((svg) => live && setSrc(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`))
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [text]);

  return (
    <div className={styles.qr}>
      {src ? (
        <img src={src} alt={label} width={184} height={184} />
      ) : failed ? (
        <p>The QR code could not be drawn; type the key instead.</p>
      ) : (
        <Skeleton height={184} />
      )}
    </div>
  );
}
