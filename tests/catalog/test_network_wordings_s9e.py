"""Session 9, cycle E (i14-network): set 18's miss classes in the network, TLS and proxy families
and the text normalisation, each named as its producer prints it (the producer's source or
reference is cited beside the rule in families.yaml), with the look-alikes that must stay
unnamed."""

from __future__ import annotations

import pytest

from orchestrator.catalog.classify import diagnose
from orchestrator.catalog.textview import decode_line
from tests.catalog.wordings import family_of

# The WinRM client's refusal by the destination's listener (Microsoft-Windows-WinRM event 164), as
# Windows Event Forwarding's source computers log it; below in the renderings an HTML page or an
# XML event view gives it.
_WINRM_REFUSAL = (
    "The WinRM client cannot process the request. The destination computer (wec02.fabrikam.com:5986)"
    " returned an {q}access denied{q} error."
)


@pytest.mark.parametrize(
    "quote",
    [
        "'",  # plain
        "&apos;",  # named reference
        "&#39;",  # decimal reference
        "&#x27;",  # hexadecimal reference
        "&#X27;",  # hexadecimal, upper-case X
        "&amp;apos;",  # escaped twice: a page that escaped an already escaped text
        "&amp;#39;",
        "&amp;#x27;",
    ],
)
def test_html_character_references_are_read_as_their_characters_and_evidence_stays_raw(quote):
    text = _WINRM_REFUSAL.format(q=quote)
    diagnosis = diagnose(text)
    assert diagnosis.family == "remoting-access-denied"
    # the evidence quotes the user's line exactly, references and all
    assert diagnosis.families[0].evidence[0].text == text


def test_a_placeholder_in_angle_brackets_inside_the_html_escaped_sentence():
    assert (
        family_of(
            "The WinRM client cannot process the request. The destination computer"
            " (<wec-server>:5986) returned an &apos;access denied&apos; error."
        )
        == "remoting-access-denied"
    )


@pytest.mark.parametrize(
    ("line", "decoded"),
    [
        (
            "returned an &amp;apos;access denied&amp;apos; error",
            "returned an 'access denied' error",
        ),
        ("a &amp;#39;b&amp;#39; c &amp;#x27;d&amp;#x27;", "a 'b' c 'd'"),
        # a URL escaped once keeps its query: only complete references are read a second time,
        # so "&notify=" and "&copy=" are not the legacy entities &not and &copy
        (
            "https://contoso.com/a?x=1&amp;notify=2&amp;copy=3",
            "https://contoso.com/a?x=1&notify=2&copy=3",
        ),
    ],
)
def test_decode_line_reads_references_escaped_twice(line, decoded):
    assert decode_line(line) == decoded


def test_the_kerberos_mechanism_variant_of_the_refusal_stays_kerberos():
    # "... tried to use Kerberos authentication mechanism, but the destination computer (...)
    # returned an 'access denied' error" is remoting-kerberos's, HTML-escaped or not
    for quote in ("'", "&apos;"):
        assert (
            family_of(
                "The WinRM client cannot process the request. The WinRM client tried to use"
                " Kerberos authentication mechanism, but the destination computer (HV02:5985)"
                f" returned an {quote}access denied{quote} error. Change the configuration to"
                " allow Kerberos authentication mechanism to be used or specify one of the"
                " authentication mechanisms supported by the server."
            )
            == "remoting-kerberos"
        )


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # rustls 0.19 TLSError::WebPKIError ("invalid certificate: {:?}", webpki's names), as
        # hyper-rustls / reqwest / Deno of that era print it
        ("Error: hyper::Error(Connect, invalid certificate: UnknownIssuer)", "tls-untrusted"),
        (
            "Caused by: Failed to establish an encrypted channel\nCaused by: invalid certificate:"
            " UnknownIssuer",
            "tls-untrusted",
        ),
        ("tls error: invalid certificate: CertNotValidForName", "tls-untrusted"),
        # rustls 0.20 pki_error: "invalid peer certificate contents: invalid peer certificate: <name>"
        (
            "error trying to connect: invalid peer certificate contents: invalid peer certificate:"
            " CertNotValidForName",
            "tls-untrusted",
        ),
        # current rustls: NotValidForNameContext / InvalidPurposeContext Display
        (
            "client error (Connect): invalid peer certificate: certificate not valid for name"
            ' "login.microsoftonline.com"; certificate is only valid for DnsName("fw.fabrikam.com")',
            "tls-untrusted",
        ),
        (
            "invalid peer certificate: certificate does not allow extended key usage for server"
            " authentication, allows client authentication",
            "tls-untrusted",
        ),
        # the validity-period names are the condition's: never named as a family
        ("error trying to connect: invalid certificate: CertExpired", None),
        (
            "invalid peer certificate contents: invalid peer certificate: CertNotValidYet",
            None,
        ),
        (
            "invalid peer certificate: certificate expired: verification time 1765000000 (UNIX),"
            " but certificate is not valid after 1764000000 (1000000 seconds ago)",
            None,
        ),
    ],
)
def test_rustls_certificate_errors_in_every_generation(wording, family):
    assert family_of(wording) == family


def test_rustls_validity_names_are_shown_as_the_condition():
    diagnosis = diagnose("error trying to connect: invalid certificate: CertExpired")
    assert [c.family.id for c in diagnosis.conditions] == ["tls-certificate-validity"]


@pytest.mark.parametrize(
    "wording",
    [
        # an application's own certificate parser, not rustls's verifier
        "Invalid certificate: base64 decode error at line 3",
        "invalid certificate: UnknownIssuerName field missing in the request",
    ],
)
def test_other_invalid_certificate_texts_are_not_the_rustls_verifier(wording):
    assert family_of(wording) != "tls-untrusted"


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # tinyproxy src/reqs.c: the ACL's 403, the 407 / 401 of auth_error, ConnectPort, the filter
        (
            "Access denied\nThe administrator of this proxy has not configured it to service"
            " requests from your host.\n\nGenerated by tinyproxy version 1.11.1.",
            "proxy",
        ),
        (
            "Unauthorized: The administrator of this proxy has not configured it to service"
            " requests from you.",
            "proxy",
        ),
        ("Proxy Authentication Required\nThis proxy requires authentication.", "proxy"),
        (
            "Access violation\nThe CONNECT method not allowed with the port you tried to use.",
            "proxy",
        ),
        (
            "Filtered\nThe request you made has been filtered\n\nGenerated by tinyproxy version"
            " 1.10.0.",
            "proxy",
        ),
        # e2guardian's access log: *DENIED* and its reason
        (
            "2023.4.11 8:02:17 - 10.20.0.15 https://management.azure.com:443 *DENIED* Proxy"
            " authentication error CONNECT 0 0 - 1 407 - 10.20.0.15 Default - - - - -",
            "proxy",
        ),
        (
            "2023.4.11 8:02:19 - 10.20.0.15 https://aka.ms:443 *DENIED* Blocked site: aka.ms"
            " CONNECT 0 0 - 1 403 - 10.20.0.15 Default - - - - -",
            "proxy",
        ),
        (
            "2023.4.11 8:03:40 - 10.20.0.16 http://download.microsoft.com/x.msi *DENIED* Your IP"
            " address is not allowed to web browse: 10.20.0.16 GET 0 0 - 1 403 - - - - -",
            "proxy",
        ),
    ],
)
def test_proxy_products_own_refusals(wording, family):
    assert family_of(wording) == family


@pytest.mark.parametrize(
    "wording",
    [
        # the marker alone, outside e2guardian's reasons
        "audit: 3 requests *DENIED* by the local policy file",
        # "filtered" without tinyproxy's page
        "The request you made has been filtered out of the report.",
        # a registry's own 403: no proxy in the text (npm-registry-fetch E403; a registry's
        # package ACL, a private scope, a token without rights answer the same)
        "npm ERR! code E403\nnpm ERR! 403 403 Forbidden - GET"
        " https://registry.npmjs.org/@fabrikam%2fcli - Forbidden",
        "npm ERR! code E403\nnpm ERR! 403 Forbidden: @fabrikam/tools@latest",
    ],
)
def test_look_alikes_of_the_proxy_products_are_not_proxy(wording):
    assert family_of(wording) is None


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # .NET Framework's NameResolutionFailure in the languages its language packs ship
        (
            "System.Net.WebException: Невозможно разрешить удаленное имя: 'login.microsoftonline.com'",
            "network-dns",
        ),
        ("Ошибка: Не удается разрешить удаленное имя: 'aka.ms'", "network-dns"),
        ("WebException: Impossibile risolvere il nome remoto: 'aka.ms'", "network-dns"),
        ("Exceção: O nome remoto não pôde ser resolvido: 'aka.ms'", "network-dns"),
        ("WebException: 원격 이름을 확인할 수 없습니다: 'aka.ms'", "network-dns"),
        ("WebException: 無法解析遠端名稱: 'aka.ms'", "network-dns"),
        ("WebException: Nie można rozpoznać nazwy zdalnej: 'aka.ms'", "network-dns"),
        ("WebException: Uzak ad çözülemedi: 'aka.ms'", "network-dns"),
        # Winsock 10051 / 10065 in a localized Windows, with or without the code
        (
            "socket.error: [Errno 10051] 向一个无法连接的网络尝试了一个套接字操作。",
            "network-unreachable",
        ),
        ("连接失败：向一个无法连接的网络尝试了一个套接字操作。", "network-unreachable"),
        ("连接上游失败：套接字操作尝试一个无法连接的主机。", "network-unreachable"),
        (
            "SocketException: Сделана попытка выполнить операцию на сокете при отключенной сети",
            "network-unreachable",
        ),
        ("socket.error: [Errno 10065] No route to host", "network-unreachable"),
    ],
)
def test_localized_dotnet_and_winsock_messages(wording, family):
    assert family_of(wording) == family


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # HttpClient.Timeout is the client's deadline for the whole request: by itself it does not
        # show the network (a slow server elapses it too)
        (
            "System.Threading.Tasks.TaskCanceledException: The request was canceled due to the"
            " configured HttpClient.Timeout of 100 seconds elapsing.",
            None,
        ),
        (
            "Invoke-AzRestMethod: The request was canceled due to the configured HttpClient.Timeout"
            " of 300 seconds elapsing.",
            None,
        ),
        # with the connect timeout inside it, the network is shown
        (
            "TaskCanceledException: The request was canceled due to the configured HttpClient.Timeout"
            " of 100 seconds elapsing.\n ---> System.TimeoutException: A connection attempt failed"
            " because the connected party did not properly respond after a period of time\n --->"
            " System.Net.Sockets.SocketException (10060): A connection attempt failed",
            "network-timeout",
        ),
    ],
)
def test_httpclient_timeout_alone_is_not_the_network(wording, family):
    assert family_of(wording) == family


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # Decided, no change (written reasons in i14-diagnose.md, session 9 cycle E): .NET
        # Framework's ReceiveFailure alone is the server closing the connection after the request
        # (Microsoft KB 915599: a FIN or RST without a response); its TLS cause shows only with an
        # SSPI / Schannel reason inside it
        (
            "##[error]The underlying connection was closed: An unexpected error occurred on a"
            " receive.",
            "network-reset",
        ),
        (
            "The underlying connection was closed: An unexpected error occurred on a receive. --->"
            " System.ComponentModel.Win32Exception: The client and server cannot communicate,"
            " because they do not possess a common algorithm",
            "tls-protocol",
        ),
        # tunnel-agent's cause is the error of its connection to the proxy address, before the proxy
        # said anything: named by the socket error, as the development corpus labels it (the
        # eighteenth and twenty-ninth sets); the proxy closing the CONNECT (socket hang up) is proxy
        (
            "Error: tunneling socket could not be established, cause=connect ECONNREFUSED"
            " 10.9.8.7:3128",
            "network-refused",
        ),
        ("Error: tunneling socket could not be established, cause=socket hang up", "proxy"),
    ],
)
def test_decided_answers_between_families(wording, family):
    assert family_of(wording) == family


@pytest.mark.parametrize(
    "wording",
    [
        # Squid's ERR_ACCESS_DENIED in the languages Squid ships (errors/<lang>.po)
        "Zugriff verweigert.\nDie Anfrage wurde aufgrund mangelnder Zugriffsrechte verweigert."
        " Bitte kontaktieren Sie Ihren Dienstanbieter",
        "Accès interdit. La configuration du contrôle d'accès, empêche votre requête d'être"
        " acceptée.",
        "La configuración de control de acceso evita que su solicitud sea permitida en este"
        " momento.",
        "La richiesta non è permessa dalle impostazioni di sicurezza.",
        "A configuração do controle de acesso impede que sua requisição seja permitida neste"
        " momento.",
        "Система контроля доступа не позволяет выполнить ваш запрос сейчас.",
        "設定されたアクセス制御によって、現時点ではあなたによる要求は許可できません。",
        "当前的存取控制设定禁止您的请求被接受，如果您觉得这是错误的",
        "欲連結之網站的存取控制設定目前禁止了您的連線要求",
        "Konfiguracja serwera wyklucza Twój dostęp do niego w chwili obecnej.",
        "U heeft geen toegang tot de URL die u probeerde op te vragen van deze server.",
        "Nastavení přístupových práv aktuálně neumožňuje zpracovat požadavek.",
        # ERR_CACHE_ACCESS_DENIED: the proxy wants the user to authenticate
        "Sie sind momentan nicht berechtigt https://aka.ms/x von diesem Cache abzurufen, bis sie"
        " sich authentifiziert haben.",
        "Lo lamento, tu no estás autorizado a solicitar https://aka.ms/x de este caché hasta que"
        " te hayas autenticado.",
        "Извините, Вы не можете запросить https://aka.ms/x из этого кэша до тех пор, пока не"
        " пройдёте аутентификацию.",
        "申し訳ありませんが、あなた自身を認証するまで、このキャッシュは https://aka.ms/x の要求を許可しません。",
        "抱歉，您不被允许通过本网络缓存服务器访问下列位置 https://aka.ms/x 除非您通过了我们的身份验证。",
        # ERR_FORWARDING_DENIED and ERR_ACL_TIME_QUOTA_EXCEEDED
        "Forwarding Denied.\nThis cache will not forward your request because it is trying to"
        " enforce a sibling relationship. Perhaps the client at 10.1.1.4 is a cache which has been"
        " misconfigured.",
        "Time Quota Exceeded.\nThis proxy limits your time online with a quota.",
    ],
)
def test_squid_refusal_pages_in_its_languages(wording):
    assert family_of(wording) == "proxy"


@pytest.mark.parametrize(
    "wording",
    [
        # a bare localized access denied is any program's
        "Zugriff verweigert",
        "Доступ запрещён: недостаточно прав для записи в каталог",
    ],
)
def test_a_bare_localized_access_denied_is_not_a_proxy(wording):
    assert family_of(wording) != "proxy"


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # current rustls: the alert's Display and PeerIncompatible reasons (no common version or
        # parameters)
        (
            "error trying to connect: received fatal alert: the peer failed to negotiate an"
            " acceptable set of security parameters",
            "tls-protocol",
        ),
        (
            "received fatal alert: the peer required a higher security level than was offered",
            "tls-protocol",
        ),
        (
            "client error (Connect): peer is incompatible: ServerDoesNotSupportTls12Or13",
            "tls-protocol",
        ),
        ("peer is incompatible: Tls12NotOfferedOrEnabled", "tls-protocol"),
        # GNU Wget's own verification report (OpenSSL and GnuTLS builds)
        (
            "ERROR: cannot verify packages.contoso.com's certificate, issued by 'CN=Zscaler"
            " Intermediate Root CA':\n  Unable to locally verify the issuer's authority.\nTo connect"
            " to packages.contoso.com insecurely, use `--no-check-certificate'.",
            "tls-untrusted",
        ),
        (
            "ERROR: cannot verify aka.ms's certificate, issued by 'CN=aka.ms':\n  Self-signed"
            " certificate encountered.",
            "tls-untrusted",
        ),
        (
            "ERROR: certificate common name 'fw.contoso.com' doesn't match requested host name"
            " 'packages.contoso.com'.",
            "tls-untrusted",
        ),
        (
            "ERROR: The certificate of 'packages.contoso.com' doesn't have a known issuer.",
            "tls-untrusted",
        ),
        ("ERROR: The certificate signer of 'packages.contoso.com' was not a CA.", "tls-untrusted"),
        # its validity lines are the condition's
        ("ERROR: The certificate of 'packages.contoso.com' is not yet activated.", None),
        (
            "ERROR: cannot verify aka.ms's certificate, issued by 'CN=R3':\n  Issued certificate"
            " has expired.",
            None,
        ),
        # an ordinary sentence
        ("The certificate of the build agent is not trusted by default; import it first.", None),
    ],
)
def test_rustls_alerts_and_wget_reports(wording, family):
    assert family_of(wording) == family


def test_wgets_validity_report_is_shown_as_the_condition():
    diagnosis = diagnose("ERROR: The certificate of 'packages.contoso.com' has expired.")
    assert diagnosis.family is None
    assert [c.family.id for c in diagnosis.conditions] == ["tls-certificate-validity"]


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # glibc's strerror / gai_strerror under a non-English locale (po/<lang>.po)
        ("ssh: connect to host node2 port 22: Connexion refusée", "network-refused"),
        (
            "curl: (7) Failed to connect to localhost port 8080 after 0 ms: 连接被拒绝",
            "network-refused",
        ),
        ("ConnectionRefusedError: [Errno 111] В соединении отказано", "network-refused"),
        ("curl: (56) Recv failure: Connexion ré-initialisée par le correspondant", "network-reset"),
        ("ConnectionResetError: [Errno 104] 接続が相手からリセットされました", "network-reset"),
        ("read: Соединение разорвано другой стороной", "network-reset"),
        (
            "ssh: connect to host node2 port 22: Connexion terminée par expiration du délai d'attente",
            "network-timeout",
        ),
        ("TimeoutError: [Errno 110] 连接超时", "network-timeout"),
        (
            "ssh: connect to host node2 port 22: Время ожидания соединения истекло",
            "network-timeout",
        ),
        (
            "ssh: connect to host node2 port 22: Aucun chemin d'accès pour atteindre l'hôte cible",
            "network-unreachable",
        ),
        ("OSError: [Errno 101] 网络不可达", "network-unreachable"),
        ("connect: ホストへの経路がありません", "network-unreachable"),
        ("ssh: Could not resolve hostname node2: Nom ou service inconnu", "network-dns"),
        ("socket.gaierror: [Errno -3] 域名解析出现暂时性错误", "network-dns"),
        (
            "curl: (6) Could not resolve host: aka.ms (名前解決に一時的に失敗しました)",
            "network-dns",
        ),
        ("ping: aka.ms: Неизвестное имя или служба", "network-dns"),
        (
            "wget: unable to resolve host address 'aka.ms': Temporärer Fehler bei der Namensauflösung",
            "network-dns",
        ),
    ],
)
def test_glibc_socket_errors_in_a_non_english_locale(wording, family):
    assert family_of(wording) == family


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # urllib3's ProtocolError for a body cut off mid-response
        (
            "pip._vendor.urllib3.exceptions.ProtocolError: ('Connection broken: IncompleteRead(0"
            " bytes read, 512 more expected)', IncompleteRead(0 bytes read, 512 more expected))",
            "network-reset",
        ),
        (
            'requests.exceptions.ChunkedEncodingError: ("Connection broken: InvalidChunkLength(got'
            " length b'', 0 bytes read)\", InvalidChunkLength(got length b'', 0 bytes read))",
            "network-reset",
        ),
        # curl's HTTP/2 and HTTP/3 stream resets by the server, current and older wording
        (
            "error: RPC failed; curl 92 HTTP/2 stream 7 was not closed cleanly: CANCEL (err 8)",
            "network-reset",
        ),
        ("curl: (92) HTTP/2 stream 1 reset by server (error 0x2 INTERNAL_ERROR)", "network-reset"),
        (
            "curl: (95) HTTP/3 stream 0 reset by server (error 0x102 H3_INTERNAL_ERROR)",
            "network-reset",
        ),
        # the client's own reset, and an HTTP/2 stream that closed cleanly, are not
        ("curl: (92) HTTP/2 stream 3 reset by curl (error 0x8 CANCEL)", None),
        ("Connection broken: the pipeline was cancelled by the user", None),
    ],
)
def test_urllib3_and_curl_stream_resets(wording, family):
    assert family_of(wording) == family
