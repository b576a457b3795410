"""Checks Switchyard's failover files with their real consumers.

Usage: check.py OUT_DIR SCHEMA

- Every failover/<workload>.json validates against docs/failover.schema.json (jsonschema, the
  reference implementation of JSON Schema).
- Every failover/<workload>.litellm.yaml loads into litellm.Router, whose model groups and
  fallbacks follow the JSON's order, and a forced failure of each group moves the request to the
  next endpoint of the chain (LiteLLM's own mock failure path; no network).
- Issue 18: for every Vertex AI entry, the URL LiteLLM's own code builds for it (partner models,
  Model Garden endpoints, Gemini, embeddings) must be the JSON's invoke URL.
- Issue 18: every chain that starts with an Azure endpoint followed by an Azure or on-demand
  Bedrock chat endpoint is run for real against an HTTP server on 127.0.0.1 standing in for the
  managed identity token endpoint, AWS STS and the two endpoints. The generated file is used as
  written except `api_base`, which points at the stand-in (and AWS_STS_ENDPOINT, which LiteLLM
  reads). LiteLLM must fetch its Entra ID token through azure-identity and send it as a bearer
  token, assume the invoker role for Bedrock, call the URLs the JSON names, fall over from a
  primary answering 500 or 429 to the second endpoint, and skip the primary on the next
  requests (its cooldown).
- Issue 18 (federation): Bedrock entries of chains called from Azure carry no AWS key; LiteLLM
  must trade the managed identity's token for api://AzureADTokenExchange for the invoker role
  (AssumeRoleWithWebIdentity, unsigned). In chains called from GCP, LiteLLM's own credential
  functions must trade the metadata server's ID token for STS, and present the one for Entra ID
  as the client assertion.
- A Bedrock model routed on bedrock-mantle's Responses API gets, from LiteLLM's own URL builder,
  the invoke URL the JSON names.
Prints `N passed, N failed` and exits non-zero on any failure.
"""

import json
import os
import pathlib
import re
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jsonschema
import yaml

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
import litellm  # noqa: E402  (after the environment switch above)

passed = 0
failed = 0

IDENTITY_HEADER = "switchyard-test-identity-header"
CLIENT_ID = "00000000-0000-0000-0000-0000000000c1"
TOKEN = "mock-entra-token"
# The managed identity's token for Entra ID's exchange audience: what Azure callers present to
# AWS STS (issue 18, docs/federation.md).
EXCHANGE_AUDIENCE = "api://AzureADTokenExchange"
EXCHANGE_TOKEN = "mock-managed-identity-exchange-token"
GOOGLE_IDENTITY_PATH = "/computeMetadata/v1/instance/service-accounts/default/identity"
ENTRA_FROM_ASSERTION = "mock-entra-token-from-client-assertion"
TENANT_ID = "00000000-0000-0000-0000-00000000a7e1"


def google_id_token(audience):
    """The stand-in metadata server's ID token: a different value per audience."""
    return f"mock-google-id-token-for-{audience}"


def gcp_callers(stand, config_path, chain, config):
    """Issue 18: a chain called from GCP whose Bedrock and Azure entries must obtain their
    credentials through LiteLLM's own code from the service account's ID token (metadata server
    stand-in): AssumeRoleWithWebIdentity for Bedrock, a client assertion at Entra ID for Azure."""
    from litellm.llms.azure.common_utils import get_azure_ad_token_from_oidc
    from litellm.llms.bedrock.base_aws_llm import BaseAWSLLM

    found = 0
    for endpoint, deployment in zip(chain["endpoints"], config["model_list"]):
        params = deployment["litellm_params"]
        label = f"{config_path} {endpoint['name']} from GCP"
        if endpoint["cloud"] == "aws":
            with stand.lock:
                before = len(stand.sts_requests)
            try:
                credentials = BaseAWSLLM().get_credentials(
                    aws_region_name=params["aws_region_name"],
                    aws_role_name=ROLE_ARN,
                    aws_session_name=params["aws_session_name"],
                    aws_web_identity_token=params.get("aws_web_identity_token"),
                    aws_sts_endpoint=stand.base,
                )
            except Exception as error:  # noqa: BLE001  (reported as a failed check)
                credentials = f"error: {type(error).__name__}: {error}"
            with stand.lock:
                # Taken out: the Azure callers' exchanges are checked on their own below.
                sts = stand.sts_requests[before:]
                del stand.sts_requests[before:]
            check(
                f"{label}: the service account's ID token for STS is traded for the invoker role",
                getattr(credentials, "access_key", None) == ASSUMED_KEY
                and len(sts) == 1
                and sts[0].get("Action") == "AssumeRoleWithWebIdentity"
                and sts[0].get("WebIdentityToken") == google_id_token("sts.amazonaws.com")
                and sts[0].get("RoleSessionName") == params["aws_session_name"]
                and not sts[0]["signed"],
                (credentials, params, [{k: f.get(k) for k in ("Action", "WebIdentityToken", "signed")} for f in sts]),
            )
            found += 1
        elif endpoint["cloud"] == "azure":
            check(
                f"{label}: tenant and client come from the environment the header names",
                params.get("tenant_id") == "os.environ/SWITCHYARD_AZURE_TENANT_ID"
                and params.get("client_id") == "os.environ/SWITCHYARD_AZURE_CLIENT_ID",
                params,
            )
            with stand.lock:
                before = len(stand.entra_requests)
            try:
                token = get_azure_ad_token_from_oidc(
                    azure_ad_token=params.get("azure_ad_token") or "",
                    azure_client_id=CLIENT_ID,
                    azure_tenant_id=TENANT_ID,
                    scope=params["azure_scope"],
                )
            except Exception as error:  # noqa: BLE001  (reported as a failed check)
                token = f"error: {type(error).__name__}: {error}"
            with stand.lock:
                entra = stand.entra_requests[before:]
            check(
                f"{label}: the service account's ID token is the client assertion at Entra ID",
                token == ENTRA_FROM_ASSERTION
                and len(entra) == 1
                and entra[0]["path"] == f"/{TENANT_ID}/oauth2/v2.0/token"
                and entra[0].get("client_assertion") == google_id_token(EXCHANGE_AUDIENCE)
                and entra[0].get("client_assertion_type") == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
                and entra[0].get("grant_type") == "client_credentials"
                and entra[0].get("client_id") == CLIENT_ID
                and entra[0].get("scope") == "https://cognitiveservices.azure.com/.default",
                (token, params, entra),
            )
            found += 1
    return found
ROLE_ARN = "arn:aws:iam::123456789012:role/test"
ASSUMED_KEY = "ASIASTANDINASSUMED01"


def check(name, condition, detail=""):
    global passed, failed
    if condition:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {name}: {detail}")


def answered_by(router, group):
    """Which deployment answers a request to `group` when that group is forced to fail."""
    messages = [{"role": "user", "content": "ping"}]
    response = router.completion(model=group, messages=messages, mock_testing_fallbacks=True)
    return response._hidden_params.get("model_id")


def litellm_vertex_url(params, mode):
    """The URL LiteLLM's own Vertex AI code builds for an entry (no network, no credentials)."""
    from litellm.llms.vertex_ai.common_utils import (
        VertexAIModelRoute,
        get_vertex_ai_model_route,
        get_vertex_base_model_name,
        get_vertex_url,
    )
    from litellm.llms.vertex_ai.vertex_ai_partner_models.main import VertexAIPartnerModels
    from litellm.llms.vertex_ai.vertex_llm_base import VertexBase
    from litellm.llms.vertex_ai.vertex_model_garden.main import create_vertex_url as garden_url
    from litellm.types.llms.vertex_ai import VertexPartnerProvider

    model = params["model"].removeprefix("vertex_ai/")
    project, location = params["vertex_project"], params["vertex_location"]
    if mode == "embedding":
        return get_vertex_url("embedding", model, False, project, location, "v1")[0]
    route = get_vertex_ai_model_route(model, params)
    if route == VertexAIModelRoute.PARTNER_MODELS:
        if VertexAIPartnerModels.should_use_openai_handler(model):
            partner = VertexPartnerProvider.llama
        elif "mistral" in model or "codestral" in model:
            partner = VertexPartnerProvider.mistralai
        else:
            partner = VertexPartnerProvider.claude
        return VertexBase().get_complete_vertex_url(None, location, project, project, partner, False, model)
    if route == VertexAIModelRoute.MODEL_GARDEN:
        return garden_url(location, project, False, get_vertex_base_model_name(model)) + "/chat/completions"
    if route == VertexAIModelRoute.GEMINI:
        return get_vertex_url("chat", model, False, project, location, "v1")[0]
    return f"route {route} of {model}"


def apply_litellm_settings(config):
    """What the LiteLLM proxy does with `litellm_settings`: set each on the litellm module."""
    for key, value in (config.get("litellm_settings") or {}).items():
        setattr(litellm, key, value)


class Stand:
    """One HTTP server on 127.0.0.1: the token endpoint and the Azure deployments."""

    def __init__(self):
        self.lock = threading.Lock()
        self.token_requests = []
        self.model_requests = []
        self.failing = {}  # deployment path prefix -> status it answers with

        stand = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def reply(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                # The App Service / Container Apps managed identity protocol (IDENTITY_ENDPOINT).
                url = urllib.parse.urlsplit(self.path)
                query = dict(urllib.parse.parse_qsl(url.query))
                if url.path == GOOGLE_IDENTITY_PATH:
                    return self.google_identity(query)
                with stand.lock:
                    stand.token_requests.append(
                        {"path": url.path, "query": query, "header": self.headers.get("X-IDENTITY-HEADER")}
                    )
                if url.path != "/msi/token" or self.headers.get("X-IDENTITY-HEADER") != IDENTITY_HEADER:
                    return self.reply(401, {"error": "unexpected token request"})
                resource = query.get("resource")
                self.reply(
                    200,
                    {
                        "access_token": EXCHANGE_TOKEN if resource == EXCHANGE_AUDIENCE else TOKEN,
                        "expires_on": str(int(time.time()) + 3600),
                        "resource": query.get("resource"),
                        "token_type": "Bearer",
                        "client_id": query.get("client_id"),
                    },
                )

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                url = urllib.parse.urlsplit(self.path)
                if url.path == "/":
                    return self.sts(dict(urllib.parse.parse_qsl(raw.decode())))
                if url.path.endswith("/oauth2/v2.0/token"):
                    return self.entra(url.path, dict(urllib.parse.parse_qsl(raw.decode())))
                body = json.loads(raw or b"{}")
                with stand.lock:
                    stand.model_requests.append(
                        {
                            "path": url.path,
                            "query": dict(urllib.parse.parse_qsl(url.query)),
                            "authorization": self.headers.get("Authorization"),
                            "api_key": self.headers.get("api-key"),
                        }
                    )
                    status = next((s for p, s in stand.failing.items() if url.path.startswith(p)), None)
                if status is not None:
                    return self.reply(status, {"error": {"code": str(status), "message": "stand-in failure"}})
                if url.path.endswith("/converse"):
                    return self.reply(
                        200,
                        {
                            "output": {"message": {"role": "assistant", "content": [{"text": f"answered at {url.path}"}]}},
                            "stopReason": "end_turn",
                            "usage": {"inputTokens": 1, "outputTokens": 1, "totalTokens": 2},
                            "metrics": {"latencyMs": 1},
                        },
                    )
                self.reply(
                    200,
                    {
                        "id": "chatcmpl-standin",
                        "object": "chat.completion",
                        "created": 0,
                        "model": body.get("model") or "stand-in",
                        "choices": [
                            {
                                "index": 0,
                                "finish_reason": "stop",
                                "message": {"role": "assistant", "content": f"answered at {url.path}"},
                            }
                        ],
                        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                    },
                )

            def google_identity(self, query):
                # The GCE metadata server's ID token endpoint (GCE_METADATA_HOST).
                with stand.lock:
                    stand.google_requests.append(
                        {"audience": query.get("audience"), "flavor": self.headers.get("Metadata-Flavor")}
                    )
                if self.headers.get("Metadata-Flavor") != "Google":
                    return self.reply(403, {"error": "missing Metadata-Flavor"})
                data = google_id_token(query.get("audience")).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def entra(self, path, form):
                # Microsoft Entra ID's token endpoint (AZURE_AUTHORITY_HOST): client credentials
                # with a client assertion.
                with stand.lock:
                    stand.entra_requests.append({"path": path, **form})
                self.reply(200, {"access_token": ENTRA_FROM_ASSERTION, "expires_in": 3600, "token_type": "Bearer"})

            def sts(self, form):
                # AWS STS AssumeRole and AssumeRoleWithWebIdentity (Query API, XML answer). The
                # web identity call is unsigned: the token in the form is the only credential.
                with stand.lock:
                    stand.sts_requests.append(
                        {**form, "signed": self.headers.get("Authorization") is not None}
                    )
                action = form.get("Action")
                accepted = (EXCHANGE_TOKEN, google_id_token("sts.amazonaws.com"))
                if action == "AssumeRoleWithWebIdentity" and form.get("WebIdentityToken") not in accepted:
                    return self.reply(400, {"error": "unexpected web identity token"})
                extra = "<PackedPolicySize>10</PackedPolicySize>" if action == "AssumeRoleWithWebIdentity" else ""
                expiry = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 3600))
                data = (
                    f'<{action}Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><{action}Result>'
                    f"<Credentials><AccessKeyId>{ASSUMED_KEY}</AccessKeyId><SecretAccessKey>standin</SecretAccessKey>"
                    f"<SessionToken>standin-session</SessionToken><Expiration>{expiry}</Expiration></Credentials>"
                    f"<AssumedRoleUser><Arn>{ROLE_ARN}/s</Arn><AssumedRoleId>AROASTANDIN:s</AssumedRoleId></AssumedRoleUser>"
                    f"{extra}</{action}Result><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></{action}Response>"
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/xml")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.sts_requests = []
        self.google_requests = []
        self.entra_requests = []
        self.web_identity_runs = 0
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def hits(self, prefix):
        with self.lock:
            return sum(1 for r in self.model_requests if r["path"].startswith(prefix))


def live_failover(stand, config_path, config, chain, status):
    """Runs the chain's first two Azure endpoints against the stand-in; the primary answers `status`."""
    with stand.lock:
        stand.model_requests.clear()
        stand.failing.clear()
    apply_litellm_settings(config)
    model_list = []
    for deployment in config["model_list"]:
        params = dict(deployment["litellm_params"])
        if params["model"].startswith(("azure/", "bedrock/")):
            params["api_base"] = stand.base
        if "aws_sts_endpoint" in params:
            params["aws_sts_endpoint"] = stand.base
        model_list.append({**deployment, "litellm_params": params})
    router = litellm.Router(model_list=model_list, **config["router_settings"])

    primary, second = chain["endpoints"][0], chain["endpoints"][1]
    primary_path = urllib.parse.urlsplit(primary["invoke_url"]).path
    second_url = urllib.parse.urlsplit(second["invoke_url"])
    stand.failing[primary_path] = status
    label = f"{config_path} with the primary answering {status}"

    messages = [{"role": "user", "content": "ping"}]
    answers = []
    primary_hits = []
    for _ in range(4):
        try:
            response = router.completion(model=chain["workload"], messages=messages)
            answers.append(response._hidden_params.get("model_id"))
        except Exception as error:  # noqa: BLE001  (reported as a failed check)
            answers.append(f"error: {type(error).__name__}: {error}")
        primary_hits.append(stand.hits(primary_path))

    second_id = f"{chain['workload']}/{second['name']}"
    check(f"{label}: every request is answered by the second endpoint", answers == [second_id] * 4, answers)
    check(f"{label}: the first request tried the primary", primary_hits[0] >= 1, primary_hits)
    print(f"{label}: primary hits after each request {primary_hits}")
    check(
        f"{label}: later requests skip the cooled-down primary",
        primary_hits[1:] == [primary_hits[0]] * 3,
        primary_hits,
    )
    with stand.lock:
        requests = list(stand.model_requests)
    azure_paths = [
        urllib.parse.urlsplit(e["invoke_url"]).path for e in chain["endpoints"][:2] if e["cloud"] == "azure"
    ]
    azure_calls = [r for r in requests if r["path"] in azure_paths]
    check(
        f"{label}: every Azure call carries the Entra ID token",
        azure_calls and all(r["authorization"] == f"Bearer {TOKEN}" and r["api_key"] is None for r in azure_calls),
        requests,
    )
    if second["cloud"] == "aws":
        bedrock_calls = [r for r in requests if r["path"] == second_url.path]
        check(
            f"{label}: Bedrock calls are signed with the assumed invoker role",
            bedrock_calls
            and all((r["authorization"] or "").startswith(f"AWS4-HMAC-SHA256 Credential={ASSUMED_KEY}/") for r in bedrock_calls),
            bedrock_calls,
        )
        with stand.lock:
            sts = list(stand.sts_requests)
        generated = config["model_list"][1]["litellm_params"]
        session = generated["aws_session_name"]
        # Issue 18: callers in Azure hold no AWS key. The generated entry names the managed
        # identity's token for Entra ID's exchange audience, and LiteLLM must trade exactly that
        # token for the invoker role, unsigned, at the STS endpoint the entry names. LiteLLM
        # caches the role's credentials for the process, so the requests are those of the run.
        check(
            f"{label}: the Bedrock entry names the managed identity token and the home region's STS",
            generated.get("aws_web_identity_token") == f"oidc/azure/{EXCHANGE_AUDIENCE}"
            and generated.get("aws_role_name") == "os.environ/SWITCHYARD_AWS_INVOKER_ROLE_ARN"
            and re.fullmatch(r"https://sts\.[a-z]{2}(-[a-z]+)+-\d\.amazonaws\.com", generated.get("aws_sts_endpoint") or ""),
            generated,
        )
        check(
            f"{label}: the invoker role was assumed with the managed identity token and the configured session name",
            any(f.get("RoleSessionName") == session for f in sts)
            and all(
                f.get("Action") == "AssumeRoleWithWebIdentity"
                and f.get("WebIdentityToken") == EXCHANGE_TOKEN
                and f.get("RoleArn") == ROLE_ARN
                and not f["signed"]
                for f in sts
            ),
            [{k: f.get(k) for k in ("Action", "RoleArn", "RoleSessionName", "WebIdentityToken", "signed")} for f in sts],
        )
        stand.web_identity_runs += 1
    expected_query = dict(urllib.parse.parse_qsl(second_url.query))
    check(
        f"{label}: LiteLLM calls the URL the JSON names",
        any(r["path"] == second_url.path and r["query"] == expected_query for r in requests),
        (second["invoke_url"], requests),
    )


def main(out_dir, schema_path):
    schema = json.loads(pathlib.Path(schema_path).read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    chains = sorted(pathlib.Path(out_dir).glob("*/*/failover/*.json"))
    check("failover files exist", chains, f"none under {out_dir}")
    # One stand-in for the whole run: azure-identity caches the token it got, as in production.
    stand = Stand()
    os.environ["IDENTITY_ENDPOINT"] = f"{stand.base}/msi/token"
    os.environ["IDENTITY_HEADER"] = IDENTITY_HEADER
    os.environ["AZURE_CLIENT_ID"] = CLIENT_ID
    # Callers in Azure have no AWS identity of their own (issue 18): no AWS key in the
    # environment, so only the web identity exchange can yield Bedrock credentials.
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        os.environ.pop(name, None)
    os.environ["AWS_CONFIG_FILE"] = os.devnull
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
    os.environ["SWITCHYARD_AWS_INVOKER_ROLE_ARN"] = ROLE_ARN
    # Callers in GCP: the metadata server and Entra ID, both the stand-in.
    os.environ["GCE_METADATA_HOST"] = stand.base.removeprefix("http://")
    os.environ["AZURE_AUTHORITY_HOST"] = stand.base
    gcp_checked = 0
    live = 0
    for path in chains:
        chain = json.loads(path.read_text())
        errors = sorted(validator.iter_errors(chain), key=str)
        check(f"{path} matches the schema", not errors, "; ".join(e.message for e in errors))
        positions = [e["position"] for e in chain["endpoints"]]
        check(f"{path} positions", positions == list(range(1, len(positions) + 1)), positions)

        config_path = path.with_name(path.stem + ".litellm.yaml")
        config = yaml.safe_load(config_path.read_text())
        settings = config.get("router_settings", {})
        clouds = [e["cloud"] for e in chain["endpoints"]]
        check(
            f"{config_path} turns on Entra ID tokens exactly when the chain has Azure",
            bool((config.get("litellm_settings") or {}).get("enable_azure_ad_token_refresh")) == ("azure" in clouds),
            config.get("litellm_settings"),
        )
        apply_litellm_settings(config)
        # The generated file is used as written; only mock responses are added so no request
        # leaves the machine.
        model_list = []
        for deployment in config["model_list"]:
            params = dict(deployment["litellm_params"])
            params["mock_response"] = f"answered by {deployment['model_info']['id']}"
            model_list.append({**deployment, "litellm_params": params})
        for deployment in model_list:
            for value in deployment["litellm_params"].values():
                if isinstance(value, str) and value.startswith("os.environ/"):
                    os.environ.setdefault(value.removeprefix("os.environ/"), "test-value")
        router = litellm.Router(model_list=model_list, **settings)

        workload = chain["workload"]
        names = [e["name"] for e in chain["endpoints"]]
        ids = [d["model_info"]["id"] for d in config["model_list"]]
        check(f"{config_path} follows the chain", ids == [f"{workload}/{n}" for n in names], ids)
        groups = [d["model_name"] for d in config["model_list"]]
        check(f"{config_path} primary group", groups[0] == workload, groups)
        check(f"{config_path} groups known to the router", set(router.registry().names()) == set(groups), router.registry().names())
        expected = [{workload: groups[1:]}] if len(groups) > 1 else []
        check(f"{config_path} fallbacks", settings.get("fallbacks", []) == expected, settings.get("fallbacks"))
        for endpoint, deployment in zip(chain["endpoints"], config["model_list"]):
            if endpoint["cloud"] == "gcp":
                built = litellm_vertex_url(deployment["litellm_params"], deployment["model_info"]["mode"])
                check(f"{config_path} {endpoint['name']}: LiteLLM calls the JSON's URL", built == endpoint["invoke_url"], built)
        # Issue 13: a Bedrock model served only on bedrock-mantle's Responses API must reach the
        # URL the failover JSON names, as LiteLLM itself builds it for that deployment.
        urls = {e["name"]: e["invoke_url"] for e in chain["endpoints"]}
        for deployment in config["model_list"]:
            params = deployment["litellm_params"]
            if not params["model"].startswith("bedrock_mantle/"):
                continue
            model = params["model"].removeprefix("bedrock_mantle/")
            responses = litellm.utils.ProviderConfigManager.get_provider_responses_api_config(
                provider=litellm.LlmProviders.BEDROCK_MANTLE, model=model
            )
            name = deployment["model_info"]["id"].split("/", 1)[1]
            got = responses and responses.get_complete_url(api_base=params["api_base"], litellm_params=params)
            check(f"{config_path} {name} Responses URL", got == urls[name], f"{got} != {urls[name]}")
        if len(groups) > 1:
            got = answered_by(router, workload)
            check(f"{config_path} primary failure goes to the second endpoint", got == ids[1], got)
        second = chain["endpoints"][1] if len(clouds) > 1 else None
        runnable = second is not None and (
            (second["cloud"] == "azure" and "/chat/completions" in second["invoke_url"])
            or (second["cloud"] == "aws" and (second["invoke_url"] or "").endswith("/converse"))
        )
        if clouds[0] == "gcp" and {"aws", "azure"} & set(clouds):
            gcp_checked += gcp_callers(stand, config_path, chain, config)
        if clouds[0] == "azure" and runnable:
            for status in (500, 429):
                live_failover(stand, config_path, config, chain, status)
            live += 1
    check("some chain was run against the stand-in endpoints", live > 0, live)
    check("some Bedrock endpoint was reached from Azure through web identity", stand.web_identity_runs > 0, stand.web_identity_runs)
    check("some Bedrock and Azure entries called from GCP were checked", gcp_checked >= 2, gcp_checked)
    with stand.lock:
        google = list(stand.google_requests)
    check(
        "every Google ID token came from the metadata server with its header",
        google and all(g["flavor"] == "Google" for g in google),
        google,
    )
    with stand.lock:
        tokens = list(stand.token_requests)
    check(
        "the Entra ID token came from the managed identity endpoint, for the caller identity and Azure OpenAI",
        tokens
        and all(
            t["path"] == "/msi/token"
            and t["header"] == IDENTITY_HEADER
            and t["query"].get("resource") in ("https://cognitiveservices.azure.com", EXCHANGE_AUDIENCE)
            and t["query"].get("client_id") == CLIENT_ID
            for t in tokens
        ),
        tokens,
    )
    stand.server.shutdown()
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
