import { Section } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { AttachmentList } from '../orders/Attachments.tsx';

const centreHref = (orderId: string, attachmentId: string) =>
  `/api/provision/orders/${encodeURIComponent(orderId)}/attachments/${encodeURIComponent(attachmentId)}`;

/** The photos and documents an order or a report was sent with, on the centre's order and case pages (each download is audited). */
export function CentreAttachments({
  orderId,
  attachments,
}: {
  orderId: string;
  attachments: readonly { attachmentId: string; kind: string; fileName: string; size: number }[];
}) {
  const { t } = useI18n();
  return (
    <Section title={t('attachments.title')} id="attachments">
      <AttachmentList orderId={orderId} attachments={attachments.map((a) => ({ ...a, id: a.attachmentId }))} href={centreHref} />
    </Section>
  );
}
