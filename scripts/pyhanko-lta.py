#!/usr/bin/env python3
"""Check a PDF's signature at PAdES B-LT or B-LTA with pyHanko's AdES validator.

Why: Koers's CI checks that the long-term reports Koers produces pass an
independent validator, not just Koers's own code. This script runs pyHanko's
ETSI EN 319 102-1 validation offline. It trusts only the given roots, fetches
no CRLs, OCSP responses or certificates, and takes revocation data only from
the file's DSS and the CMS. Needs pyHanko >= 0.38.

  python3 scripts/pyhanko-lta.py FILE.pdf B-LT|B-LTA ROOT.pem [ROOT.pem ...]

B-LT:  validation with time (s5.5). Needs a DSS and a valid signature timestamp.
B-LTA: LTA validation (s5.6.3). The document timestamp chain must validate too.
Prints a verdict and, on failure, pyHanko's reason. Exit 0 if valid, else 1.
"""
import asyncio, dataclasses, logging, sys

from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.ades.report import AdESPassed
from pyhanko.sign.validation import ades
from pyhanko.sign.validation.policy_decl import (
    CertificateFetchingRule, PdfSignatureValidationSpec, RevinfoOnlineFetchingRule,
    RevocationInfoGatheringSpec, SignatureValidationSpec)
from pyhanko.sign.validation.status import PdfSignatureStatus
from pyhanko_certvalidator.context import CertValidationPolicySpec
from pyhanko_certvalidator.policy_decl import REQUIRE_REVINFO, CertRevTrustPolicy
from pyhanko_certvalidator.registry import SimpleTrustManager


class _Remember(logging.Handler):  # ades_lta_validation only *logs* DocTS chain failures
    msgs: list = []
    def emit(self, rec):
        self.msgs.append(rec.getMessage() + (f' ({rec.exc_info[1]!r})' if rec.exc_info else ''))


async def check(sig, profile, roots):
    spec = SignatureValidationSpec(
        cert_validation_policy=CertValidationPolicySpec(
            trust_manager=SimpleTrustManager.build(trust_roots=roots),
            revinfo_policy=CertRevTrustPolicy(REQUIRE_REVINFO)),
        revinfo_gathering_policy=RevocationInfoGatheringSpec(  # no network at all
            online_fetching_rule=RevinfoOnlineFetchingRule.LOCAL_ONLY,
            certificate_fetching_rule=CertificateFetchingRule.NEVER_FETCH))
    if profile == 'B-LTA':
        res = await ades.ades_lta_validation(sig, PdfSignatureValidationSpec(spec))
        if res.ades_subindic == AdESPassed.OK and res.oldest_evidence_record_timestamp is None:
            return res, 'no validated document timestamp after the signature: ' + (
                ' | '.join(_Remember.msgs) or 'none found')
    else:  # ingest DSS + CMS revinfo as ades_lta_validation does (private helpers)
        known = ades._dss_to_local_knowledge(sig.reader)
        if not (known.known_certs or known.known_crls or known.known_ocsps):
            return None, 'no DSS (or an empty one) in the file'
        cms = ades._adobe_revinfo_archival_to_local_knowledge(sig)
        known.known_ocsps.extend(cms.known_ocsps); known.known_crls.extend(cms.known_crls)
        sig.compute_integrity_info()  # default diff policy, as ades_lta_validation
        res = await ades.ades_with_time_validation(
            sig.signed_data, dataclasses.replace(spec, local_knowledge=known),
            raw_digest=sig.compute_digest(), status_cls=PdfSignatureStatus,
            extra_status_kwargs=sig.summarise_integrity_info())
    if res.ades_subindic != AdESPassed.OK:
        return res, ' | '.join([f'{res.ades_subindic}: {res.failure_msg}'] + _Remember.msgs)
    if res.api_status is None or not res.api_status.bottom_line:
        return res, 'pyHanko bottom line not VALID (trust/integrity/modifications)'
    return res, None


def main(pdf, profile, *root_files):
    if profile not in ('B-LT', 'B-LTA') or not root_files:
        sys.exit(__doc__)
    for name in ('pyhanko', 'pyhanko_certvalidator'):
        logging.getLogger(name).addHandler(_Remember(logging.WARNING))
    roots = [load_cert_from_pemder(p) for p in root_files]
    with open(pdf, 'rb') as fh:
        sig = next(iter(PdfFileReader(fh).embedded_regular_signatures), None)
        res, why = (None, 'no signature') if sig is None else asyncio.run(check(sig, profile, roots))
    print(f'{pdf}: {"VALID" if why is None else "NOT VALID"} at {profile}'
          + (f' (signature field {sig.field_name!r})' if sig else ''))
    if why:
        print('  reason:', why)
    elif profile == 'B-LTA':
        print('  oldest document timestamp:', res.oldest_evidence_record_timestamp)
    return 0 if why is None else 1


if __name__ == '__main__':
    sys.exit(main(*sys.argv[1:]) if len(sys.argv) >= 4 else __doc__)
