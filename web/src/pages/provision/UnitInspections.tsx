import { useState } from 'react';
import { $api } from '../../api/client.ts';
import { Badge, Btn, Section } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import { INSPECTORS } from '../../../../src/provision/roles.ts';
import { InspectionDialog } from './InspectionsPage.tsx';
import type { UnitCard } from './provision-api.ts';

const TONE = { approved: 'ok', approvedWithRemarks: 'info', failed: 'warn' } as const;

/**
 * The unit card's inspections (besiktningar), newest first: result, the items not OK, the remark and the next date;
 * a technician records an inspection from here too (a unit not in the list's weeks, or one just repaired).
 */
export function UnitInspections({ card, isFetching, onInspected }: { card: UnitCard; isFetching: boolean; onInspected: (message: string) => void }) {
  const { t, locale, formatDate } = useI18n();
  const { hasRole } = useSession();
  const [inspecting, setInspecting] = useState(false);
  const rules = $api.useQuery('get', '/api/provision/rules', {}, { enabled: inspecting });
  const inspections = card.inspections;
  const u = card.unit;
  const mayInspect = INSPECTORS.some((r) => hasRole(r)) && u.status !== 'scrapped';
  const checklist = rules.data?.inspectionChecklists.find((c) => c.isoPrefix === card.inspection.checklistPrefix);
  return (
    <Section title={t('hmc.inspections')} id="inspections">
      {mayInspect ? (
        <div className="button-row">
          <Btn isDisabled={isFetching} onPress={() => setInspecting(true)}>
            {t('inspection.record', { unit: u.unitNumber })}
          </Btn>
        </div>
      ) : null}
      {inspections.length ? (
        <ul className="event-list">
          {inspections.map((i) => (
            <li key={i.id}>
              <strong>{i.inspectionNumber}</strong>
              <span className="nowrap">{formatDate(i.inspectedOn)}</span>
              <Badge tone={TONE[i.result]}>{t(`inspection.result.${i.result}`)}</Badge>
              <span>{i.checklistName}</span>
              {i.checklist
                .filter((c) => !c.ok)
                .map((c) => (
                  <span key={c.code}>
                    {t('inspection.cardItemNotOk', { item: locale === 'en' ? c.en : c.sv })}
                    {c.comment ? ` – ${c.comment}` : ''}
                  </span>
                ))}
              {i.comment ? <span>{i.comment}</span> : null}
              {i.nextInspectionOn ? (
                <span>
                  {t('inspection.nextOn')}: {formatDate(i.nextInspectionOn)}
                </span>
              ) : null}
              <span className="muted">{t('inspection.by', { name: i.technicianName })}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty">{t('inspection.unitCardNone')}</p>
      )}
      {inspecting && checklist ? (
        <InspectionDialog
          row={{
            unitId: u.id,
            unitNumber: u.unitNumber,
            unitVersion: u.version,
            holdingId: card.currentHolding?.id ?? null,
            articleName: u.articleName,
            articleNumber: u.articleNumber,
            defaultNextOn: card.inspection.defaultNextOn,
          }}
          checklist={checklist}
          onClose={() => setInspecting(false)}
          onDone={(m) => {
            setInspecting(false);
            onInspected(m);
          }}
        />
      ) : null}
    </Section>
  );
}
