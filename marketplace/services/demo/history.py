"""Eighteen months of referrals, retention, consents and casework."""
from __future__ import annotations

from datetime import date, datetime, timedelta



from sqlalchemy import select

from ...extensions import db
from ..ranking import features_snapshot
from ...models import (
    CandidateProfile, CaseNote, Consent, Milestone, Notification, Referral, ReferralEvent, RetentionCheck,
    SupportAction, User,
)
from . import data
from .base import (
    ACTIVE_REFERRALS, CURRENT_HIRE_DAYS, HISTORY_REFERRALS, NOTICE_VERSION, RETENTION_DAYS, STEPS, _Cand, _Pos, _sigmoid,
    require,
)


class History:
    """Mixed into Builder: what happened to the people in the programme."""

    def _fit(self, c: _Cand, pos: _Pos) -> dict[str, float]:
        """How a candidate and a position fit: drives both who is referred and what happens."""
        key = (id(c), id(pos))
        if key not in self.fits:
            p, job = c.profile, pos.position
            req, pref, skills = set(job.required_skills), set(job.preferred_skills), set(p.skills)
            near = p.ward_code == job.ward_code
            self.fits[key] = {
                "coverage": len(req & skills) / len(req) if req else 1.0,
                "has_required": float(bool(req)),
                "preferred": len(pref & skills) / len(pref) if pref else 0.0,
                "same_commune": float(near),
                "same_province": float(p.province_code == job.province_code),
                "far": float(p.province_code != job.province_code and not job.housing_provided),
                "housing_met": float(p.needs_housing and job.housing_provided),
                "housing_gap": float(p.needs_housing and not job.housing_provided and not near),
                "phys_gap": float(p.physical_capacity < job.physical_demand),
                "edu_gap": float(p.education < job.min_education),
                "shift_ok": float(job.shift in p.shifts),
                "transport_ok": float(p.has_transport or job.transport_provided or near),
                "wants_training": float(job.kind == "training" and p.needs_training),
                "wants_sector": float(job.sector in p.desired_sectors),
            }
        return self.fits[key]

    def _eligible(self, c: _Cand, pos: _Pos, day: date) -> bool:
        """Hard rules: consent, free that day, legal exclusions, travel limits, one per pair."""
        p, job = c.profile, pos.position
        return (c.consented and c.available <= day
                and (c.employed_until is None or c.employed_until < day)
                and p.offence_category not in job.excluded_offences
                and not (p.travel_restricted and p.province_code != job.province_code)
                and (id(p), id(job)) not in self.pairs)

    def _choose(self, pos: _Pos, day: date) -> tuple[_Cand, dict[str, float]] | None:
        """Whom a caseworker would propose: local, skilled, interested, fit for the work."""
        pool = [(c, self._fit(c, pos)) for c in self.cands if self._eligible(c, pos, day)]
        if not pool:
            return None
        weights = []
        for _, f in pool:
            place = (2.0 if f["same_commune"] else 1.0 if f["same_province"]
                     else 0.05 if f["far"] else 0.15)
            weights.append(place * (0.25 + 1.5 * f["coverage"]) * (1 + 0.5 * f["wants_sector"])
                           * (1 + f["wants_training"]) * (0.3 if f["phys_gap"] else 1.0))
        return self.rng.choices(pool, weights)[0]

    def _history(self) -> None:
        live = [pos for pos in self.positions if pos.position.status != "draft"]
        made = attempts = 0
        while made < HISTORY_REFERRALS and attempts < HISTORY_REFERRALS * 20:
            attempts += 1
            day = self._ago(35, 540)
            open_then = [pos for pos in live if pos.position.opens_on <= day
                         <= pos.position.closes_on - timedelta(days=5)]
            if not open_then:
                continue
            pos = self.rng.choices(open_then, [p.position.seats for p in open_then])[0]
            chosen = self._choose(pos, day)
            if chosen:
                self._past_referral(*chosen, pos, day)
                made += 1

    def _past_referral(self, c: _Cand, f: dict[str, float], pos: _Pos, day: date) -> None:
        """Decide the outcome from the fit (the signal), then write the path that led there."""
        emp = pos.employer
        # Covering required skills counts only where the position requires some.
        skill = 2.4 * (f["coverage"] - 0.5) if f["has_required"] else 0.0
        score = (-1.2 + emp.hire_bias + skill + 0.8 * f["preferred"] + 0.9 * f["same_commune"]
                 + 0.5 * f["same_province"] - 1.2 * f["far"] + 1.0 * f["housing_met"]
                 - 1.4 * f["housing_gap"] - 1.3 * f["phys_gap"] - 0.7 * f["edu_gap"]
                 + (0.3 if f["shift_ok"] else -0.5) + (0.3 if f["transport_ok"] else -0.3)
                 + 0.6 * f["wants_training"] - (0.5 if emp.record_stage == "application" else 0))
        reason = None
        if self.rng.random() < 0.07:
            outcome = "withdrawn"
        elif self.rng.random() < _sigmoid(score):
            outcome = "hired"
        else:
            outcome, reason = "declined", self._decline_reason(f, emp)
        referral = self._referral(c, pos, day, outcome, reason)
        if referral.status == "hired":
            self._retention(c, pos, referral, f)

    def _decline_reason(self, f: dict[str, float], emp: data.EmployerRow) -> str:
        return self._pick({
            "skills": 3 if f["coverage"] < 1 else 0.3,
            "distance": 3 if f["housing_gap"] or f["far"] else 0.4,
            "health": 3 if f["phys_gap"] else 0.2, "schedule": 0.3 if f["shift_ok"] else 2,
            "record": {"application": 2, "interview": 0.6}.get(emp.record_stage, 0.1),
            "no_show": 1, "candidate_declined": 1, "other": 0.8,
        })

    def _referral(self, c: _Cand, pos: _Pos, day: date, outcome: str,
                  reason: str | None = None) -> Referral:
        """A referral and its events; `outcome` is a final status or the step it stopped at."""
        p, caseworker = c.profile, c.profile.caseworker
        path = self._path(outcome, reason)
        times = self._times(path, self._at(max(day, pos.position.opens_on)))
        if path[-1] == "hired" and self._full(pos, times[-1].date()):
            path[-1], reason = "declined", "seat_filled"
        member = pos.position.employer.members[0].user
        referral = Referral(candidate=p, position=pos.position, status=path[-1],
                            decline_reason=reason, created_by_id=caseworker.id,
                            created_at=times[0], updated_at=times[-1],
                            candidate_features=features_snapshot(p))
        for previous, status, at in zip([None, *path[:-1]], path, times, strict=True):
            actor = member if status in ("interview", "hired") else caseworker
            note = data.EVENT_NOTES[status]
            if status == "declined":
                actor = caseworker if reason == "candidate_declined" else member
            elif status in ("proposed", "withdrawn") and p.user and self.rng.random() < 0.35:
                actor = p.user  # the candidate acted from their own page
                note = "Ứng viên bấm “Tôi quan tâm”." if status == "proposed" else note
            if status == "sent":  # nothing reaches an employer without the candidate's consent
                key = (id(p), pos.employer.key)
                self.employer_consents[key] = min(self.employer_consents.get(key, at),
                                                  at - timedelta(hours=1))
            if status == "hired":
                referral.hired_at, referral.start_on = at, (at + timedelta(days=3)).date()
            elif status == "interview":
                referral.interview_on = (at + timedelta(days=2)).date()
            referral.events.append(ReferralEvent(from_status=previous, to_status=status, at=at,
                                                 actor_id=actor.id if actor else None, note=note))
        db.session.add(referral)
        self.pairs.add((id(p), id(pos.position)))
        return referral

    def _path(self, outcome: str, reason: str | None) -> list[str]:
        if outcome in STEPS:
            last, end = outcome, []
        elif outcome == "withdrawn":
            last, end = self.rng.choice(("proposed", "approved", "sent")), [outcome]
        elif outcome == "declined":
            last, end = self.rng.choice(data.DECLINE_AFTER[reason]), [outcome]
        else:
            last, end = "interview", [outcome]
        return list(STEPS[:STEPS.index(last) + 1]) + end

    def _times(self, path: list[str], start: datetime) -> list[datetime]:
        """Increasing event times from `start`, squeezed to end before now."""
        gaps = [timedelta(days=self.rng.randint(2, 10) if prev == "interview"
                          else self.rng.randint(1, 6), hours=self.rng.randint(0, 5))
                for prev in path[:-1]]
        room, total = self.now - start - timedelta(hours=1), sum(gaps, timedelta())
        if total > room:
            gaps = [gap * (room / total) for gap in gaps]
        times = [start]
        for gap in gaps:
            times.append(times[-1] + gap)
        return times

    def _full(self, pos: _Pos, day: date) -> bool:
        """Would one more hire on `day` overfill the seats still held by current hires?"""
        cutoff = self.today - timedelta(days=CURRENT_HIRE_DAYS)
        current = sum(1 for hired, kept in pos.hires if hired >= cutoff and kept)
        return day >= cutoff and current >= pos.position.seats

    def _retention(self, c: _Cand, pos: _Pos, referral: Referral, f: dict[str, float]) -> None:
        """Checks at 30/90/180 days that have already come; the first 'no' ends the job."""
        hired, checker = referral.hired_at, pos.position.employer.members[0].user
        keep = _sigmoid(1.0 + pos.employer.retention_bias + 1.0 * (f["coverage"] - 0.5)
                        + 0.8 * f["housing_met"] + 0.5 * f["same_commune"]
                        - 1.0 * f["phys_gap"] - 0.8 * f["housing_gap"])
        kept, worked, skipped = True, CURRENT_HIRE_DAYS, False
        for day in RETENTION_DAYS:
            due = referral.start_on + timedelta(days=day)
            check = RetentionCheck(day=day, due_on=due)
            referral.retention_checks.append(check)
            answered = self._at(due) + timedelta(days=self.rng.randint(0, 4))
            # Checks still ahead wait; about one due check in five is not answered yet, and
            # nobody answers a later check before an earlier one.
            if answered > self.now or self.rng.random() < 0.2:
                skipped = True
            if skipped:
                continue
            kept = self.rng.random() < keep
            check.retained, check.checked_at, check.checked_by_id = kept, answered, checker.id
            if not kept:
                worked = day
                self._left(referral, answered, checker)
                break
        pos.hires.append((hired.date(), kept))
        # Someone in work is not referred again while it lasts.
        c.employed_until = (hired + timedelta(days=worked)).date()

    def _left(self, referral: Referral, at: datetime, checker) -> None:
        """A "no" at a retention check ends the placement."""
        referral.status, referral.updated_at = "left", at
        referral.left_on = at.date() - timedelta(days=self.rng.randint(1, 20))
        referral.left_reason = self._pick({"better_job": 3, "family": 2, "distance": 2, "wage": 2,
                                           "health": 1, "conflict": 1, "dismissed": 1, "other": 1})
        referral.events.append(ReferralEvent(from_status="hired", to_status="left", at=at,
                                             actor_id=checker.id, note=data.EVENT_NOTES["left"]))

    def _fill_seats(self) -> None:
        cutoff = self.today - timedelta(days=CURRENT_HIRE_DAYS)
        for pos in self.positions:
            pos.position.filled = sum(1 for hired, kept in pos.hires if hired >= cutoff and kept)
            require(pos.position.filled <= pos.position.seats, pos.position.title)
            if pos.position.status == "open" and pos.position.filled >= pos.position.seats:
                pos.position.status = "full"

    def _demo_referrals(self) -> None:
        """Each demo candidate follows one referral; their other matches are left to suggest."""
        titles = {pos.position.title: pos for pos in self.positions}
        for c, (title, status) in zip(self.demo_cands, data.DEMO_REFERRALS, strict=True):
            self._referral(c, titles[title], self._ago(10, 14), status)

    def _active_referrals(self) -> None:
        """Referrals under way now, on open positions with seats left; they hold no seat yet."""
        open_now = [pos for pos in self.positions
                    if pos.position.status == "open" and pos.position.seats_left > 0]
        for _ in range(ACTIVE_REFERRALS):
            day, pos = self._ago(12, 40), self.rng.choice(open_now)
            chosen = self._choose(pos, day)
            if chosen:
                status = self._pick({"proposed": 10, "approved": 7, "sent": 8, "interview": 5})
                self._referral(chosen[0], pos, day, status)

    def _recent_notifications(self) -> None:
        """What the last fortnight's changes told people, so the demo's inboxes are not empty."""
        from .. import referrals as pipeline

        since = self.now - timedelta(days=14)
        recent = db.session.scalars(select(Referral).where(Referral.updated_at >= since)).all()
        for referral in recent:
            last = referral.events[-1]
            actor = db.session.get(User, last.actor_id) if last.actor_id else None
            pipeline.notify_concerned(referral, last.from_status, last.to_status, actor,
                                      reason=referral.decline_reason if last.to_status == "declined" else None)
        db.session.flush()
        notes = db.session.scalars(select(Notification).order_by(Notification.id)).all()
        for note in notes:
            roll = self.rng.random()
            note.created_at = self.now - timedelta(hours=int(roll * 300))
            note.read_at = note.created_at + timedelta(hours=2) if roll < 0.5 else None

    # ---- consents and casework ------------------------------------------------------------
    def _consents(self) -> None:
        everyone = self.demo_cands + self.cands
        for c in everyone:
            if not c.consented:
                continue
            p = c.profile
            purposes = ["profile"]
            if c in self.demo_cands or self.rng.random() < 0.88:
                purposes.append("model_use")
            if p.offence_category and self.rng.random() < 0.1:
                purposes.append("offence")
            for purpose in purposes:
                db.session.add(Consent(candidate_id=p.id, purpose=purpose, created_at=p.created_at,
                                       notice_version=NOTICE_VERSION,
                                       recorded_by_id=p.caseworker.id))
        profiles = {id(c.profile): c.profile for c in everyone}
        for (pid, key), at in sorted(self.employer_consents.items(), key=lambda kv: kv[1]):
            p = profiles[pid]
            db.session.add(Consent(candidate_id=p.id, purpose="employer", created_at=at,
                                   employer_id=self.employers[key].id,
                                   notice_version=NOTICE_VERSION, recorded_by_id=p.caseworker.id))

    def _casework(self) -> None:
        rng = self.rng
        for c in self.demo_cands + self.cands:
            p, author = c.profile, c.profile.caseworker.id
            since = p.created_at.date()
            for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
                kind, body = rng.choice(data.NOTES)
                when = self._between(since)
                db.session.add(CaseNote(candidate_id=p.id, kind=kind, body=body, occurred_on=when,
                                        author_id=author, created_at=self._at(when)))
            loan = rng.randrange(20, 55, 5) * 1_000_000  # Social Policy Bank: 20-50 million
            for kind, wanted, amount in (
                ("loan", p.needs_loan and rng.random() < 0.4, loan),
                ("training", p.needs_training and rng.random() < 0.3, None),
                ("health_insurance", p.needs_health_insurance and rng.random() < 0.5, None),
                ("papers", p.needs_papers and rng.random() < 0.6, None),
                ("gift", rng.random() < 0.3, 500_000),
            ):
                if wanted:
                    db.session.add(SupportAction(
                        candidate_id=p.id, kind=kind, amount_vnd=amount, recorded_by_id=author,
                        occurred_on=self._between(since), note=data.SUPPORT_NOTES[kind]))
            for kind, when in self._milestones(p, since):
                db.session.add(Milestone(candidate_id=p.id, kind=kind, occurred_on=when,
                                         note=data.MILESTONE_NOTES[kind], recorded_by_id=author))

    def _milestones(self, p: CandidateProfile, since: date) -> list[tuple[str, date]]:
        found = []
        if p.legal_status == "expunged":
            found.append(("expunged", p.expungement_date))
        if p.legal_status in ("probation", "suspended_sentence") and self.rng.random() < 0.25:
            found.append(("probation_shortened", self._between(since)))
        if p.legal_status in ("expunged", "released") and self.rng.random() < 0.3:
            found.append(("out_of_management", self._between(since)))
        return found

