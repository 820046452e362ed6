//! RFC 3161 timestamps: a timestamp authority's signed word that a signature
//! existed at a time, so the time of an approval or a seal is not only the
//! signer's claim (PAdES B-T for the seal).
//!
//! The token is asked for over plain HTTP (`http://` only: timestamp
//! requests carry only a hash, and the token is itself signed), and added to
//! the SignerInfo as the unsigned attribute id-aa-timeStampToken. On reading,
//! the token must be over exactly this signature and its own signature must
//! verify with the certificate it carries.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerInfo, SignerInfos};
use der::asn1::{Int, OctetString, SetOfVec};
use der::oid::ObjectIdentifier;
use der::{Any, Decode, Encode};
use sha2::{Digest, Sha256};
use x509_cert::attr::Attribute;
use x509_tsp::{MessageImprint, TimeStampReq, TimeStampResp, TspVersion};

use crate::{err, oid};

pub(crate) const TIME_STAMP_TOKEN: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.14");
pub(crate) const TST_INFO: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.1.4");

/// No timestamp reply comes near this.
const MAX_REPLY: usize = 1024 * 1024;
const TIMEOUT: Duration = Duration::from_secs(30);

/// What a valid timestamp says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timestamp {
    /// The time the authority vouches for (UTC, to the second).
    pub time: chrono::NaiveDateTime,
    /// The authority's certificate subject.
    pub authority: String,
    /// The authority's certificate (DER), which signed the token.
    pub certificate_der: Vec<u8>,
}

/// TSTInfo with genTime read loosely: authorities send fractional seconds
/// (`20261130130210.123Z`), which der 0.7's GeneralizedTime refuses.
#[derive(Clone, Debug, Eq, PartialEq, der::Sequence)]
struct TstInfo {
    version: TspVersion,
    policy: ObjectIdentifier,
    message_imprint: MessageImprint,
    serial_number: Int,
    gen_time: Any,
    #[asn1(optional = "true")]
    accuracy: Option<x509_tsp::Accuracy>,
    #[asn1(default = "Default::default")]
    ordering: bool,
    #[asn1(optional = "true")]
    nonce: Option<Int>,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    tsa: Option<x509_cert::ext::pkix::name::GeneralName>,
    #[asn1(context_specific = "1", tag_mode = "IMPLICIT", optional = "true")]
    extensions: Option<x509_cert::ext::Extensions>,
}

/// Asks the authority at `url` for a token over `imprint` (a SHA-256
/// digest), and checks that the answer is for this very request.
fn request_token(imprint: &[u8], url: &str) -> Result<ContentInfo, String> {
    let nonce = nonce()?;
    let request = TimeStampReq {
        version: TspVersion::V1,
        message_imprint: MessageImprint {
            hash_algorithm: spki::AlgorithmIdentifier {
                oid: oid::SHA256,
                parameters: None,
            },
            hashed_message: OctetString::new(imprint.to_vec()).map_err(err("timestamp request"))?,
        },
        req_policy: None,
        nonce: Some(nonce.clone()),
        cert_req: true,
        extensions: None,
    };
    let body = post(url, &request.to_der().map_err(err("timestamp request"))?)?;
    let reply = TimeStampResp::from_der(&body).map_err(err(
        "the timestamp authority's answer is not a timestamp reply",
    ))?;
    use cmpv2::status::PkiStatus;
    if !matches!(
        reply.status.status,
        PkiStatus::Accepted | PkiStatus::GrantedWithMods
    ) {
        return Err(format!(
            "the timestamp authority refused: {:?}",
            reply.status.status
        ));
    }
    let token = reply
        .time_stamp_token
        .ok_or("the timestamp authority sent no token")?;
    let info_of_token = tst_info(&token)?;
    if info_of_token.message_imprint != request.message_imprint
        || info_of_token.nonce.as_ref() != Some(&nonce)
    {
        return Err("the timestamp authority answered another request".into());
    }
    Ok(token)
}

/// A token (DER ContentInfo) from the authority at `url` over `digest`, the
/// SHA-256 of a document's signed byte ranges: a document timestamp's
/// /Contents.
pub(crate) fn token_for(digest: &[u8], url: &str) -> Result<Vec<u8>, String> {
    request_token(digest, url)?
        .to_der()
        .map_err(err("timestamp token"))
}

/// Adds a timestamp from the authority at `url` to the (only) SignerInfo of
/// a CMS ContentInfo (DER).
pub(crate) fn stamp(cms_der: &[u8], url: &str) -> Result<Vec<u8>, String> {
    let content_info = ContentInfo::from_der(cms_der).map_err(err("invalid CMS"))?;
    let mut signed_data: SignedData = content_info
        .content
        .decode_as()
        .map_err(err("invalid CMS SignedData"))?;
    let mut infos = signed_data.signer_infos.0.into_vec();
    let info = infos.first_mut().ok_or("the CMS has no SignerInfo")?;
    let token = request_token(&Sha256::digest(info.signature.as_bytes()), url)?;
    let mut values = SetOfVec::new();
    values
        .insert(Any::encode_from(&token).map_err(err("timestamp token"))?)
        .map_err(err("timestamp token"))?;
    let mut unsigned = info
        .unsigned_attrs
        .take()
        .map(|u| u.into_vec())
        .unwrap_or_default();
    unsigned.push(Attribute {
        oid: TIME_STAMP_TOKEN,
        values,
    });
    info.unsigned_attrs = Some(SetOfVec::try_from(unsigned).map_err(err("timestamp token"))?);
    signed_data.signer_infos =
        SignerInfos(SetOfVec::try_from(infos).map_err(err("timestamp token"))?);
    ContentInfo {
        content_type: oid::SIGNED_DATA,
        content: Any::encode_from(&signed_data).map_err(err("CMS"))?,
    }
    .to_der()
    .map_err(err("CMS"))
}

/// The timestamp on a SignerInfo, checked: `None` when it has none.
pub(crate) fn timestamp_of(info: &SignerInfo) -> Result<Option<Timestamp>, String> {
    let Some(attribute) = info
        .unsigned_attrs
        .iter()
        .flat_map(|u| u.iter())
        .find(|a| a.oid == TIME_STAMP_TOKEN)
    else {
        return Ok(None);
    };
    let token: ContentInfo = attribute
        .values
        .iter()
        .next()
        .ok_or("an empty timestamp attribute")?
        .decode_as()
        .map_err(err("invalid timestamp token"))?;
    checked(&token, &Sha256::digest(info.signature.as_bytes()))
        .map_err(|e| e.replace("{what}", "this signature"))
        .map(Some)
}

/// A token (DER ContentInfo, perhaps followed by the zero padding of a
/// /Contents) checked against `digest`: what a document timestamp says.
pub(crate) fn document_timestamp(token_der: &[u8], digest: &[u8]) -> Result<Timestamp, String> {
    let mut reader = der::SliceReader::new(token_der).map_err(err("invalid timestamp token"))?;
    let token = <ContentInfo as der::Decode>::decode(&mut reader)
        .map_err(err("invalid timestamp token"))?;
    checked(&token, digest).map_err(|e| e.replace("{what}", "the document's signed byte ranges"))
}

/// A token checked: over `imprint` (SHA-256), and signed by the certificate
/// it carries. `{what}` in an error stands for what the imprint is of.
fn checked(token: &ContentInfo, imprint: &[u8]) -> Result<Timestamp, String> {
    let tst = tst_info(token)?;
    let given = &tst.message_imprint;
    if given.hash_algorithm.oid != oid::SHA256 || given.hashed_message.as_bytes() != imprint {
        return Err("the timestamp is not over {what}".into());
    }
    // The authority's own signature, over the TSTInfo.
    let signed: SignedData = token
        .content
        .decode_as()
        .map_err(err("invalid timestamp token"))?;
    let econtent = signed
        .encap_content_info
        .econtent
        .as_ref()
        .ok_or("the timestamp token has no content")?;
    let verified = crate::signed::check(token, &Sha256::digest(econtent.value()), TST_INFO)
        .map_err(|e| {
            format!(
                "the timestamp's own signature: {}",
                e.replace("{what}", "its content")
            )
        })?;
    let authority = crate::CertificateFacts::from_der(&verified.certificate_der)?.subject;
    Ok(Timestamp {
        certificate_der: verified.certificate_der.clone(),
        time: gen_time(&tst.gen_time)?,
        authority,
    })
}

fn tst_info(token: &ContentInfo) -> Result<TstInfo, String> {
    if token.content_type != oid::SIGNED_DATA {
        return Err("the timestamp token is not SignedData".into());
    }
    let signed: SignedData = token
        .content
        .decode_as()
        .map_err(err("invalid timestamp token"))?;
    if signed.encap_content_info.econtent_type != TST_INFO {
        return Err("the timestamp token does not hold a TSTInfo".into());
    }
    let content = signed
        .encap_content_info
        .econtent
        .ok_or("the timestamp token has no content")?;
    TstInfo::from_der(content.value()).map_err(err("invalid TSTInfo"))
}

/// `YYYYMMDDHHMMSS[.fff]Z`, to the second.
fn gen_time(value: &Any) -> Result<chrono::NaiveDateTime, String> {
    let text = std::str::from_utf8(value.value()).map_err(err("invalid genTime"))?;
    let seconds = text.get(..14).ok_or("invalid genTime")?;
    if !text.ends_with('Z') {
        return Err(format!("genTime `{text}` is not UTC"));
    }
    chrono::NaiveDateTime::parse_from_str(seconds, "%Y%m%d%H%M%S")
        .map_err(|_| format!("invalid genTime `{text}`"))
}

/// A positive 64-bit nonce (no randomness crate: the clock and the
/// process's hash seed are enough to tell this request's answer).
fn nonce() -> Result<Int, String> {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default(),
    );
    let mut bytes = hasher.finish().to_be_bytes();
    if let Some(first) = bytes.first_mut() {
        *first = (*first & 0x7f) | 0x40;
    }
    Int::new(&bytes).map_err(err("nonce"))
}

/// POSTs a timestamp query; the reply's body.
fn post(url: &str, body: &[u8]) -> Result<Vec<u8>, String> {
    let rest = url
        .strip_prefix("http://")
        .ok_or_else(|| format!("`{url}`: only http:// timestamp authorities are supported"))?;
    let (host, path) = match rest.find('/') {
        Some(at) => (
            rest.get(..at).unwrap_or(rest),
            rest.get(at..).unwrap_or("/"),
        ),
        None => (rest, "/"),
    };
    let address = match host.contains(':') {
        true => host.to_string(),
        false => format!("{host}:80"),
    };
    let fail = |e: std::io::Error| format!("the timestamp authority {url}: {e}");
    let mut stream = TcpStream::connect(&address).map_err(fail)?;
    stream.set_read_timeout(Some(TIMEOUT)).map_err(fail)?;
    stream.set_write_timeout(Some(TIMEOUT)).map_err(fail)?;
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/timestamp-query\r\n\
         Accept: application/timestamp-reply\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .map_err(fail)?;
    stream.write_all(body).map_err(fail)?;
    let mut reply = Vec::new();
    stream
        .take(MAX_REPLY as u64 + 64 * 1024)
        .read_to_end(&mut reply)
        .map_err(fail)?;
    let end = reply
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| format!("the timestamp authority {url} sent no HTTP answer"))?;
    let head = String::from_utf8_lossy(reply.get(..end).unwrap_or_default()).into_owned();
    let status = head.lines().next().unwrap_or_default();
    if status.split_whitespace().nth(1) != Some("200") {
        return Err(format!("the timestamp authority {url} answered `{status}`"));
    }
    let header = |name: &str| {
        head.lines().skip(1).find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.trim()
                .eq_ignore_ascii_case(name)
                .then(|| value.trim().to_ascii_lowercase())
        })
    };
    let body = reply.get(end + 4..).unwrap_or_default();
    let body = match header("transfer-encoding") {
        Some(t) if t.contains("chunked") => dechunk(body)?,
        _ => match header("content-length").and_then(|l| l.parse::<usize>().ok()) {
            Some(len) => body.get(..len).ok_or("a short timestamp reply")?.to_vec(),
            None => body.to_vec(),
        },
    };
    if body.len() > MAX_REPLY {
        return Err("the timestamp reply is too large".into());
    }
    Ok(body)
}

fn dechunk(mut rest: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    loop {
        let line = rest
            .windows(2)
            .position(|w| w == b"\r\n")
            .ok_or("a broken chunked reply")?;
        let size = std::str::from_utf8(rest.get(..line).unwrap_or_default())
            .ok()
            .and_then(|t| usize::from_str_radix(t.split(';').next().unwrap_or("").trim(), 16).ok())
            .ok_or("a broken chunked reply")?;
        rest = rest.get(line + 2..).ok_or("a broken chunked reply")?;
        if size == 0 {
            return Ok(out);
        }
        out.extend_from_slice(rest.get(..size).ok_or("a short chunk")?);
        rest = rest.get(size + 2..).ok_or("a short chunk")?;
    }
}
