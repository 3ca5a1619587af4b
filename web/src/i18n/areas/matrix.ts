import { defineMessages } from '../define.ts';

// The order matrix made right (issue 15 items 2–10): installation by two trades, consultation offered by booking,
// the urgent acknowledgement, buffer withdrawals registered late, planned dates, prescribing right.
export const matrix = defineMessages(
  {
    'matrix.workOrder.twoTrades': 'Installationen kräver två yrkesgrupper',
    'matrix.workOrder.twoTradesHelp':
      'T.ex. tekniker och elektriker. Då ska installationen vara klar senast 10 arbetsdagar efter leveransen; annars görs den vid leveransen.',
    'matrix.wo.offerBy': 'Tid erbjuds senast {date}',
    'matrix.wo.offeredOn': 'tid bokad {date}',
    'matrix.wo.twoTrades': 'Två yrkesgrupper: klar senast 10 arbetsdagar efter leveransen',
    'matrix.queue.needsPlannedDateOnly': 'Bara rader som saknar planerat datum (mer än 17 arbetsdagar)',
    'matrix.event.acknowledged': 'Akut beställning kvitterad av hjälpmedelscentralen',
    'matrix.event.acknowledgedLate': 'Akut beställning kvitterad av hjälpmedelscentralen, efter kvitteringstiden',
    'matrix.urgent.prescriberOnly': 'Bara förskrivare kan beställa akut. Kontakta en förskrivare om behovet är akut.',
    // The issue code's text (the issues area's keys are 'issue.<code>').
    'issue.urgent_prescriber_only': 'Bara förskrivare kan markera en beställning som akut.',
    'matrix.withdrawal.takenAt': 'Uttaget ur förrådet (datum och tid)',
    'matrix.withdrawal.takenAtHelp':
      'När hjälpmedlet togs ur buffertförrådet. Uttaget ska registreras på patienten inom 24 timmar därifrån. Tomt = när beställningen skickas.',
    'matrix.event.lateRegistration': 'Registrerat för sent: mer än 24 timmar efter att hjälpmedlet togs ur buffertförrådet.',
    'matrix.article.prescribedBy': 'Förskrivs vanligen av',
    'matrix.article.prescribedByHelp': 'Ingen vald = alla yrken. Förskrivare med andra yrken får en varning när de beställer, aldrig ett stopp.',
    'matrix.warning.prescribingRight':
      'Rad {line}: artikel {article} förskrivs vanligen av {professions}. Du kan ändå skicka beställningen; ansvaret för förskrivningen är ditt.',
  },
  {
    'matrix.workOrder.twoTrades': 'The installation needs two trades',
    'matrix.workOrder.twoTradesHelp':
      'E.g. a technician and an electrician. It must then be done within 10 working days of the delivery; otherwise it is done at the delivery.',
    'matrix.wo.offerBy': 'Time offered by {date}',
    'matrix.wo.offeredOn': 'booked {date}',
    'matrix.wo.twoTrades': 'Two trades: done within 10 working days of the delivery',
    'matrix.queue.needsPlannedDateOnly': 'Only lines without a planned date (over 17 working days)',
    'matrix.event.acknowledged': 'Urgent order acknowledged by the assistive-device centre',
    'matrix.event.acknowledgedLate': 'Urgent order acknowledged by the assistive-device centre, after the deadline',
    'matrix.urgent.prescriberOnly': 'Only prescribers can order urgently. Contact a prescriber if the need is urgent.',
    'issue.urgent_prescriber_only': 'Only a prescriber can mark an order urgent.',
    'matrix.withdrawal.takenAt': 'Taken from the store (date and time)',
    'matrix.withdrawal.takenAtHelp':
      'When the device was taken from the buffer store. It must be registered on the patient within 24 hours of that. Empty = when the order is sent.',
    'matrix.event.lateRegistration': 'Registered late: more than 24 hours after the device was taken from the buffer store.',
    'matrix.article.prescribedBy': 'Usually prescribed by',
    'matrix.article.prescribedByHelp': 'None chosen = any profession. Prescribers of other professions get a warning when ordering, never a block.',
    'matrix.warning.prescribingRight':
      'Line {line}: article {article} is usually prescribed by {professions}. You may still send the order; the prescription is your responsibility.',
  },
);
