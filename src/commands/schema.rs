//! `switchyard schema`: the blueprint format as a JSON Schema (for editors, through
//! yaml-language-server) and as the reference in `docs/blueprint.md`.
//!
//! Both are generated from the tables the analyzer itself reads keys and values with
//! (`analyzer::TOP_KEYS`, the per-cloud key lists, `AzureSku::ALL`, the region lists, the model
//! catalog...), so a key the analyzer accepts cannot be missing from the schema or the
//! reference: every key needs a `field` entry below, and generating fails naming the one
//! without. The schema checks what a schema can (shape, types, names, enums, required keys,
//! conditional keys); cross-references, address overlaps, privacy and the catalog's region and
//! retirement rules stay the analyzer's.

use serde_json::{Map, Value, json};

use crate::analysis::analyzer::{self, backend, clouds, endpoints, network, tags, workloads};
use crate::analysis::backend::BackendKind;
use crate::analysis::blueprint::{EntraEgress, Mode};
use crate::analysis::catalog::{self, Catalog};
use crate::analysis::cloud::{AzureSku, Cloud, Commitment};
use crate::input::error::Error;
use crate::input::name::NAME_PATTERN;
use crate::{analysis::addressing, analysis::regions};

/// Where a key lives in a blueprint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Section {
  Root,
  Cloud(Cloud),
  Endpoint(Cloud),
  Workload,
  Network,
  /// One state backend kind.
  Backend(BackendKind),
}

impl Section {
  fn title(self) -> String {
    match self {
      Section::Root => "Top level".to_owned(),
      Section::Cloud(cloud) => format!("`clouds.{cloud}`"),
      Section::Endpoint(cloud) => format!("`endpoints.<name>` with `cloud: {cloud}`"),
      Section::Workload => "`workloads.<name>`".to_owned(),
      Section::Network => "`network`".to_owned(),
      Section::Backend(kind) => format!("`backend.{}`", kind.key()),
    }
  }

  fn prefix(self) -> String {
    match self {
      Section::Root => String::new(),
      Section::Cloud(cloud) => format!("clouds.{cloud}."),
      Section::Endpoint(_) => "endpoints.<name>.".to_owned(),
      Section::Workload => "workloads.<name>.".to_owned(),
      Section::Network => "network.".to_owned(),
      Section::Backend(kind) => format!("backend.{}.", kind.key()),
    }
  }

  /// The keys the analyzer accepts here, from its own tables.
  fn keys(self) -> Vec<&'static str> {
    match self {
      Section::Root => analyzer::TOP_KEYS.to_vec(),
      Section::Cloud(Cloud::Azure) => clouds::AZURE_KEYS.to_vec(),
      Section::Cloud(Cloud::Aws) => clouds::AWS_KEYS.to_vec(),
      Section::Cloud(Cloud::Gcp) => clouds::GCP_KEYS.to_vec(),
      Section::Endpoint(cloud) => endpoints::COMMON
        .iter()
        .chain(endpoints::options(cloud))
        .copied()
        .collect(),
      Section::Workload => workloads::KEYS.to_vec(),
      Section::Network => network::KEYS.to_vec(),
      Section::Backend(BackendKind::S3) => backend::S3_KEYS.to_vec(),
      Section::Backend(BackendKind::Azurerm) => backend::AZURERM_KEYS.to_vec(),
      Section::Backend(BackendKind::Gcs) => backend::GCS_KEYS.to_vec(),
    }
  }
}

/// One key: its JSON Schema and its reference entry.
struct Field {
  schema: Value,
  kind: &'static str,
  required: bool,
  default: String,
  allowed: String,
  example: String,
  description: String,
}

impl Field {
  fn new(schema: Value, kind: &'static str, description: impl Into<String>) -> Self {
    Field {
      schema,
      kind,
      required: false,
      default: "-".to_owned(),
      allowed: String::new(),
      example: String::new(),
      description: description.into(),
    }
  }

  fn required(mut self) -> Self {
    self.required = true;
    self.default = "required".to_owned();
    self
  }

  fn default(mut self, default: impl Into<String>) -> Self {
    self.default = default.into();
    self
  }

  fn allowed(mut self, allowed: impl Into<String>) -> Self {
    self.allowed = allowed.into();
    self
  }

  fn example(mut self, example: impl Into<String>) -> Self {
    self.example = example.into();
    self
  }
}

fn code_list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
  crate::analysis::suggest::list(items)
}

fn enum_schema(values: &[&str], description: &str) -> Value {
  json!({"type": "string", "enum": values, "description": description})
}

const OCTET: &str = "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";

/// A private (RFC 1918) IPv4 CIDR with a prefix length the cloud's address layout accepts.
fn cidr_pattern(cloud: Cloud) -> String {
  let (largest, smallest) = addressing::prefix_bounds(cloud);
  let prefixes: Vec<String> = (largest..=smallest).map(|p| p.to_string()).collect();
  format!(
    "^(10\\.{o}\\.{o}\\.{o}|172\\.(1[6-9]|2[0-9]|3[01])\\.{o}\\.{o}|192\\.168\\.{o}\\.{o})/({p})$",
    o = OCTET,
    p = prefixes.join("|")
  )
}

/// A private IPv4 block of a /8 to a /29: `clouds.azure.callers` (inside the Azure cidr, which
/// only `validate` can check).
fn callers_pattern() -> String {
  let prefixes: Vec<String> = (8..=29).map(|p: u8| p.to_string()).collect();
  format!(
    "^(10\\.{o}\\.{o}\\.{o}|172\\.(1[6-9]|2[0-9]|3[01])\\.{o}\\.{o}|192\\.168\\.{o}\\.{o})/({p})$",
    o = OCTET,
    p = prefixes.join("|")
  )
}

const UUID_PATTERN: &str =
  "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$";
const PROJECT_PATTERN: &str = "^[a-z][a-z0-9-]{4,28}[a-z0-9]$";
const MODEL_PATTERN: &str = "^[A-Za-z0-9._:@/-]{1,128}$";
const VERSION_PATTERN: &str = "^[A-Za-z0-9._-]{1,32}$";

fn name_schema(description: &str) -> Value {
  json!({"type": "string", "pattern": NAME_PATTERN, "description": description})
}

fn region_field(cloud: Cloud, description: &str) -> Field {
  let known = regions::known(cloud);
  Field::new(enum_schema(known, description), "string", description).allowed(format!(
    "one of the {} {cloud} regions listed under [Regions](#regions)",
    known.len()
  ))
}

/// The catalog's model ids a blueprint may name on `cloud` (for Bedrock, foundation model and
/// inference profile ids).
fn model_ids(catalog: &Catalog, cloud: Cloud) -> Vec<String> {
  match cloud {
    Cloud::Aws => {
      let mut ids = Vec::new();
      for model in catalog.aws.models.values() {
        ids.push(model.id.clone());
        let prefixes: Vec<&str> = match &model.profiles {
          Some(prefixes) => prefixes.iter().map(String::as_str).collect(),
          // Profiles not recorded: every geography's id is accepted, as by the analyzer.
          None => catalog.aws.geos.iter().map(|g| g.prefix).collect(),
        };
        ids.extend(prefixes.iter().map(|p| format!("{p}.{}", model.id)));
      }
      ids.sort();
      ids
    }
    other => catalog
      .model_ids(other)
      .iter()
      .map(|s| (*s).to_owned())
      .collect(),
  }
}

/// The schema and reference entry of one key; `None` for a key nobody described yet.
fn field(section: Section, key: &str, catalog: &Catalog) -> Result<Option<Field>, Error> {
  Ok(Some(match (section, key) {
    (Section::Root, "version") => Field::new(
      json!({"type": "integer", "const": analyzer::FORMAT_VERSION, "description": "The blueprint format version."}),
      "integer",
      "The blueprint format version; this Switchyard reads `1`.",
    )
    .required()
    .allowed("`1`")
    .example("version: 1"),
    (Section::Root, "name") => Field::new(
      name_schema("The blueprint's name: the rendered root module is <out>/<name>/<environment>."),
      "string",
      "The blueprint's name. The rendered root module is `<out>/<name>/<environment>/`, and every derived cloud resource name starts from it.",
    )
    .required()
    .allowed(format!("2-24 characters, `{NAME_PATTERN}`"))
    .example("name: support-chat"),
    (Section::Root, "moved_from") => Field::new(
      name_schema("The blueprint's name before a rename: cloud-side names and the state key keep deriving from it."),
      "string",
      "The blueprint's name before it was renamed. The root module moves to `<out>/<name>/<environment>/`, but every derived cloud resource name and the default state key keep deriving from the former name, so the rename replaces nothing (`plan` compares with the former root until the new one exists). Keep it for as long as the blueprint exists.",
    )
    .allowed(format!("2-24 characters, `{NAME_PATTERN}`"))
    .example("moved_from: support-chat"),
    (Section::Root, "environment") => Field::new(
      name_schema("The environment, e.g. prod or staging."),
      "string",
      "The environment; several environments of one blueprint render side by side.",
    )
    .default("`default`")
    .allowed(format!("2-24 characters, `{NAME_PATTERN}`"))
    .example("environment: prod"),
    (Section::Root, "tags") => {
      let reserved: Vec<Value> = tags::RESERVED.iter().map(|k| json!({"required": [k]})).collect();
      Field::new(
        json!({
          "type": "object",
          "description": "Tags on every taggable Azure and AWS resource; labels on GCP.",
          "maxProperties": tags::MAX_TAGS,
          "propertyNames": {"minLength": 1, "maxLength": tags::KEY_MAX, "pattern": "^(?![Aa][Ww][Ss]:)[^<>%&\\\\?/\\u0000-\\u001f\\u007f-\\u009f]*$"},
          "additionalProperties": {"type": "string", "maxLength": tags::VALUE_MAX},
          "not": {"anyOf": reserved},
        }),
        "mapping of string to string",
        "Tags put on every taggable Azure and AWS resource. On GCP they become labels (lowercased, other characters become `_`, at most 63 characters); two tags that become the same label are an error.",
      )
      .default("`{}`")
      .allowed(format!(
        "at most {}; keys 1-{} characters, no `aws:` prefix, none of `< > % & \\ ? /`; values at most {} characters; {} are set by Switchyard",
        tags::MAX_TAGS,
        tags::KEY_MAX,
        tags::VALUE_MAX,
        code_list(tags::RESERVED.iter().copied())
      ))
      .example("tags: {team: ml-platform, cost-center: \"4711\"}")
    }
    (Section::Root, "clouds") => {
      let mut properties = Map::new();
      for cloud in Cloud::ALL {
        properties.insert(cloud.key().to_owned(), object(Section::Cloud(cloud), catalog)?);
      }
      Field::new(
        json!({
          "type": "object",
          "description": "The clouds endpoints may use: each one's home region and private address space.",
          "minProperties": 1,
          "additionalProperties": false,
          "properties": properties,
        }),
        "mapping",
        "The clouds endpoints may use, each with its home region and private address space.",
      )
      .required()
      .allowed(format!("at least one of {}", code_list(Cloud::ALL.iter().map(|c| c.key()))))
      .example("clouds: {azure: {region: eastus2, cidr: 10.10.0.0/16, subscription_id: 6f1c2b3a-9d8e-4f70-a1b2-c3d4e5f60718}}")
    }
    (Section::Root, "endpoints") => {
      let mut branches = Vec::new();
      for cloud in Cloud::ALL {
        branches.push(json!({
          "if": {"properties": {"cloud": {"const": cloud.key()}}, "required": ["cloud"]},
          "then": object(Section::Endpoint(cloud), catalog)?,
        }));
      }
      Field::new(
        json!({
          "type": "object",
          "description": "Endpoints by name: one model on one cloud in one region.",
          "minProperties": 1,
          "propertyNames": {"pattern": NAME_PATTERN},
          "additionalProperties": {
            "type": "object",
            "description": "An endpoint: one model on one cloud in one region, with its capacity.",
            "required": ["cloud", "model"],
            "properties": {"cloud": {"enum": Cloud::ALL.map(|c| c.key())}},
            "allOf": branches,
          },
        }),
        "mapping of name to endpoint",
        "Endpoints by name (same pattern as `name`): one model on one cloud in one region, with its capacity.",
      )
      .required()
      .allowed("at least one")
      .example("endpoints: {gpt-east: {cloud: azure, model: gpt-5.1}}")
    }
    (Section::Root, "budget") => budget_field("the blueprint's"),
    (Section::Root, "network") => Field::new(
      {
        let mut schema = object(Section::Network, catalog)?;
        if let Some(map) = schema.as_object_mut() {
          map.insert("description".to_owned(), json!("The private networking between clouds that private failover chains need."));
        }
        schema
      },
      "mapping",
      "The private networking between clouds: the site-to-site VPN mesh and cross-cloud DNS forwarding that private chains spanning clouds need (see the README's failover networking section).",
    )
    .default("`{vpn: auto, dns_forwarding: auto}`")
    .example("network: {vpn: auto, dns_forwarding: off}"),
    (Section::Root, "backend") => {
      let mut kinds = Map::new();
      for kind in BackendKind::ALL {
        kinds.insert(kind.key().to_owned(), object(Section::Backend(kind), catalog)?);
      }
      Field::new(
        json!({
          "type": "object",
          "description": "Where Terraform keeps the root's state: exactly one of s3, azurerm, gcs.",
          "minProperties": 1,
          "maxProperties": 1,
          "additionalProperties": false,
          "properties": kinds,
        }),
        "mapping",
        "Where Terraform keeps the root's state, rendered as the root's `backend` block: exactly one of `s3`, `azurerm`, `gcs` (see [docs/gitops.md](gitops.md)). Without it, Terraform's default local state.",
      )
      .default("none (local state)")
      .allowed("exactly one of `s3`, `azurerm`, `gcs`")
      .example("backend: {s3: {bucket: acme-terraform-state, region: us-east-1}}")
    }
    (Section::Network, key @ ("vpn" | "dns_forwarding")) => {
      let (schema_text, text) = if key == "vpn" {
        (
          "auto builds the VPN between clouds that private chains join; off builds none.",
          "`auto` builds a highly available site-to-site VPN with BGP between every pair of clouds that appear together in a private workload's chain; `off` builds none, and a private chain that leaves its primary's cloud is then an error.",
        )
      } else {
        (
          "auto forwards each provider's hostnames across the VPN; off builds no resolvers.",
          "`auto` forwards exactly the provider hostnames the chains need (Azure OpenAI accounts, bedrock-runtime, aiplatform) to the cloud that owns them; `off` builds the VPN but no resolvers or forwarding.",
        )
      };
      let modes = Mode::ALL.map(Mode::key);
      Field::new(enum_schema(&modes, schema_text), "string", text)
        .default(code_list([Mode::default().key()]))
        .allowed(code_list(modes))
        .example(format!("{key}: auto"))
    }
    (Section::Backend(kind), key) => match backend_field(kind, key) {
      Some(field) => field,
      None => return Ok(None),
    },
    (Section::Root, "workloads") => Field::new(
      json!({
        "type": "object",
        "description": "Workloads by name: an ordered failover chain of endpoints.",
        "minProperties": 1,
        "propertyNames": {"pattern": NAME_PATTERN},
        "additionalProperties": object(Section::Workload, catalog)?,
      }),
      "mapping of name to workload",
      "Workloads by name (same pattern as `name`): an ordered failover chain of endpoints.",
    )
    .required()
    .allowed("at least one")
    .example("workloads: {chat: {failover: [gpt-east, claude-us]}}"),

    (Section::Cloud(cloud), "region") => {
      let example = match cloud {
        Cloud::Azure => "region: eastus2",
        Cloud::Aws => "region: us-east-1",
        Cloud::Gcp => "region: us-central1",
      };
      let description = match cloud {
        Cloud::Gcp => "The cloud's home region: its network lives here, and endpoints default to it. Not `global`, `us` or `eu`, which are Vertex AI endpoint locations, not regions.",
        _ => "The cloud's home region: its network lives here, and endpoints default to it.",
      };
      region_field(cloud, description)
        .required()
        .example(example)
    }
    (Section::Cloud(cloud), "cidr") => {
      let (largest, smallest) = addressing::prefix_bounds(cloud);
      Field::new(
        json!({"type": "string", "pattern": cidr_pattern(cloud), "description": "The cloud's whole private IPv4 address space (RFC 1918)."}),
        "IPv4 CIDR",
        format!(
          "The cloud's whole private address space: {}.",
          addressing::layout_summary(cloud)
        ),
      )
      .required()
      .allowed(format!(
        "RFC 1918, a /{largest} to a /{smallest}, no host bits, not overlapping another cloud's"
      ))
      .example(match cloud {
        Cloud::Azure => "cidr: 10.10.0.0/16",
        Cloud::Aws => "cidr: 10.20.0.0/16",
        Cloud::Gcp => "cidr: 10.30.0.0/16",
      })
    }
    (Section::Cloud(Cloud::Azure), "subscription_id") => Field::new(
      json!({"type": "string", "pattern": UUID_PATTERN, "description": "The Azure subscription to deploy into."}),
      "UUID",
      "The subscription to deploy into: it pins the azurerm provider, and it is what makes the derived worldwide-unique names (Azure OpenAI subdomains, Key Vaults) distinct from another organisation's blueprint of the same name.",
    )
    .required()
    .allowed("a UUID")
    .example("subscription_id: 6f1c2b3a-9d8e-4f70-a1b2-c3d4e5f60718"),
    (Section::Cloud(Cloud::Azure), "callers") => Field::new(
      json!({"type": "string", "pattern": callers_pattern(), "description": "The subnet of the virtual network that callers run in."}),
      "IPv4 CIDR",
      "The subnet callers of the workloads whose primary is on Azure run in: Switchyard creates it in the home virtual network with a network security group that lets it reach the blueprint's private address spaces and Microsoft Entra ID over HTTPS, and nothing else on the internet. Callers in AWS use the private subnets of the primary's VPC, callers in GCP the primary region's subnet (see docs/federation.md).",
    )
    .default("the fourth /24 of `cidr`, created when a workload's primary is on Azure")
    .allowed("a /29 or larger inside `cidr`, no host bits, outside the first three /24s (Switchyard's own subnets)")
    .example("callers: 10.10.8.0/24"),
    (Section::Cloud(Cloud::Gcp), "project") => Field::new(
      json!({"type": "string", "pattern": PROJECT_PATTERN, "description": "The GCP project id."}),
      "string",
      "The GCP project the endpoints and their network are created in.",
    )
    .required()
    .allowed("6-30 lowercase letters, digits and `-`, starting with a letter, not ending with `-`")
    .example("project: acme-ml-prod"),
    (Section::Cloud(Cloud::Gcp), "entra_id_egress") => Field::new(
      enum_schema(
        &EntraEgress::ALL.map(EntraEgress::key),
        "How GCP callers of chains that fall over to Azure reach Microsoft Entra ID: auto renders Cloud NAT and one FQDN firewall rule, external means you run the path, off leaves a warning.",
      ),
      "string",
      "Callers in GCP of a chain that falls over to Azure exchange their Google ID token at Microsoft Entra ID (`login.microsoftonline.com`), which has no private endpoint, and the GCP network denies all other egress. `auto` renders, for each such chain's primary region, Cloud NAT for that subnet and one network firewall policy rule (an FQDN object, Cloud NGFW Standard, billed for its traffic) that lets only the caller service account reach that name on 443, evaluated before the VPC rules that deny the rest. `external` renders nothing and says the callers have a path you run; `off` renders nothing and `switchyard validate` warns at each such chain (see [docs/federation.md](federation.md)).",
    )
    .default(code_list([EntraEgress::default().key()]))
    .allowed(code_list(EntraEgress::ALL.map(EntraEgress::key)))
    .example("entra_id_egress: auto"),
    (Section::Cloud(Cloud::Aws), "entra_id_egress") => Field::new(
      enum_schema(
        &EntraEgress::AWS.map(EntraEgress::key),
        "How AWS callers of chains that fall over to Azure reach Microsoft Entra ID: external means you run the path, off leaves a warning.",
      ),
      "string",
      "Callers in AWS of a chain that falls over to Azure exchange their token at Microsoft Entra ID (`login.microsoftonline.com`), which has no private endpoint, and the VPCs have no NAT. Switchyard renders no AWS egress to it (a NAT gateway behind AWS Network Firewall with a domain allow-list is a second network design in every VPC; [docs/federation.md](federation.md) says why). `external` says the callers reach it through a path you run; `off` makes `switchyard validate` warn at each such chain.",
    )
    .default(code_list([EntraEgress::default().key()]))
    .allowed(code_list(EntraEgress::AWS.map(EntraEgress::key)))
    .example("entra_id_egress: external"),

    (Section::Endpoint(cloud), "cloud") => Field::new(
      json!({"const": cloud.key(), "description": "The cloud of the endpoint; `clouds` must configure it."}),
      "string",
      "The endpoint's cloud; it must be configured under `clouds`.",
    )
    .required()
    .allowed(code_list(Cloud::ALL.iter().map(|c| c.key())))
    .example(format!("cloud: {cloud}")),
    (Section::Endpoint(cloud), "region") => region_field(
      cloud,
      match cloud {
        Cloud::Gcp => "Where the endpoint runs. `global` is Vertex AI's global endpoint (`aiplatform.googleapis.com`), where some models are served only (gpt-oss-120b-maas): a request may be processed in any region, so no `residency` allows it, and a dedicated endpoint cannot be there. `us` and `eu` are Vertex AI's multi-region locations (`aiplatform.us.rep.googleapis.com`, `aiplatform.eu.rep.googleapis.com`), where ML processing stays in the United States or the European Union (gemini-4-argon); they count as inside their `residency`, take no dedicated endpoint, and are reached privately through a Private Service Connect endpoint of their own in the home region (a warning when the home region is outside the multi-region).",
        _ => "Where the endpoint runs; for Bedrock, the region it is invoked from (an inference profile then routes within its geography).",
      },
    )
    .default("the cloud's `region`")
    .example(match cloud {
      Cloud::Azure => "region: swedencentral",
      Cloud::Aws => "region: us-west-2",
      Cloud::Gcp => "region: europe-west4",
    }),
    (Section::Endpoint(cloud), "model") => {
      let (description, offered, example) = match cloud {
        Cloud::Azure => (
          "The Azure OpenAI model name.",
          "in the endpoint's version, SKU and region",
          "model: gpt-5.1",
        ),
        Cloud::Aws => (
          "A Bedrock foundation model id, or a cross-Region inference profile id: a geography prefix (us., eu., apac., jp., au., us-gov., global.) before the model id.",
          "from the endpoint's region (on demand, through that profile, or with provisioned throughput)",
          "model: us.anthropic.claude-sonnet-4-6",
        ),
        Cloud::Gcp => (
          "A Vertex AI publisher model id.",
          "in the endpoint's region",
          "model: gemini-3.5-flash",
        ),
      };
      Field::new(
        json!({"type": "string", "pattern": MODEL_PATTERN, "description": description}),
        "string",
        format!(
          "{description} It must be in the model catalog (`switchyard catalog --cloud {cloud}`), offered {offered}, and not retired; mark a model newer than the catalog with `unlisted: true`."
        ),
      )
      .required()
      .allowed(format!(
        "{} catalog ids (see [Models](#models)), or any id of 1-128 letters, digits and `.-_:@/` with `unlisted: true`",
        model_ids(catalog, cloud).len()
      ))
      .example(example)
    }
    (Section::Endpoint(_), "unlisted") => Field::new(
      json!({"type": "boolean", "description": "The model is newer than the model catalog: catalog problems become warnings."}),
      "boolean",
      "The model (or its version, region or SKU) is newer than the model catalog: what the catalog does not list becomes a warning instead of an error. Retirement dates the catalog knows still apply. `--allow-unlisted-models` does the same for every endpoint.",
    )
    .default("`false`")
    .example("unlisted: true"),
    (Section::Endpoint(_), "moved_from") => Field::new(
      name_schema("The endpoint's name before a rename: its cloud objects keep their names and move to the new Terraform address."),
      "string",
      "The endpoint's name before it was renamed. Its cloud objects (Azure deployment, Bedrock provisioned throughput, dedicated Vertex AI endpoint and its key) keep the names derived from the former name, and `moved` blocks in `lifecycle.tf` take them to their new Terraform addresses, so the rename replaces nothing. Keep it for as long as the endpoint exists: it holds the cloud-side name.",
    )
    .allowed(format!("a former endpoint name, `{NAME_PATTERN}`, not the name of another endpoint"))
    .example("moved_from: gpt-east"),
    (Section::Endpoint(_), "adopt") => Field::new(
      json!({
        "description": "Adopt an existing cloud object (an import block): an Azure deployment ID, a Vertex AI endpoint resource name, or for Bedrock provisioned throughput {arn, name}.",
        "oneOf": [
          {"type": "string", "minLength": 1},
          {"type": "object", "required": ["arn", "name"], "additionalProperties": false,
           "properties": {"arn": {"type": "string", "pattern": "^arn:aws[a-z-]*:bedrock:[a-z0-9-]+:[0-9]{12}:provisioned-model/[a-z0-9]+$"}, "name": {"type": "string", "minLength": 1, "maxLength": 63}}}
        ]
      }),
      "string or mapping",
      "Adopts an object that already exists, by its cloud ID, with an `import` block in `lifecycle.tf` instead of creating it: an Azure OpenAI deployment of the account Switchyard manages for the endpoint's region (`/subscriptions/…/resourceGroups/…/providers/Microsoft.CognitiveServices/accounts/…/deployments/NAME`; the deployment keeps its name), a Bedrock provisioned throughput (`{arn: arn:aws:bedrock:REGION:ACCOUNT:provisioned-model/ID, name: NAME}`; it keeps its name), or a dedicated Vertex AI endpoint (`projects/PROJECT/locations/REGION/endpoints/NUMBER`; it keeps its number). The ID is checked against the endpoint's cloud, region and project. Describe the object as it is (model, SKU, capacity, commitment): the plan after the import shows whatever differs.",
    )
    .example("adopt: /subscriptions/6f1c2b3a-9d8e-4f70-a1b2-c3d4e5f60718/resourceGroups/rg-chat-prod/providers/Microsoft.CognitiveServices/accounts/oai-chat-prod-eastus2-1a2b3c/deployments/gpt-east"),
    (Section::Endpoint(_), "release") => Field::new(
      json!({"type": "boolean", "description": "Release the endpoint's cloud objects from management without destroying them (removed blocks)."}),
      "boolean",
      "`true` lets the endpoint's cloud objects go: `removed` blocks with `destroy = false` in `lifecycle.tf` make Terraform forget them while they stay in the cloud, and nothing else is rendered for the endpoint. It may be in no failover chain; an Azure one needs another Azure endpoint in its region (Azure deletes a deployment with its account). Delete the endpoint from the blueprint after the apply.",
    )
    .default("`false`")
    .example("release: true"),
    (Section::Endpoint(Cloud::Azure), "version") => Field::new(
      json!({"type": "string", "pattern": VERSION_PATTERN, "description": "The model version, quoted: \"2025-11-13\"."}),
      "string",
      "The model version. Quote it, or YAML reads a date.",
    )
    .default("the model's default version")
    .allowed("a version of the model in the catalog, e.g. `\"2025-11-13\"`")
    .example("version: \"2025-11-13\""),
    (Section::Endpoint(Cloud::Azure), "sku") => {
      let skus: Vec<&str> = AzureSku::ALL.iter().map(|s| s.as_str()).collect();
      Field::new(
        enum_schema(&skus, "The deployment type: where requests are processed and how capacity is bought."),
        "string",
        "The deployment type. Global SKUs process a request in any region of the model, DataZone SKUs inside the EU or US data zone, Standard and ProvisionedManaged in the region. The provisioned SKUs are bought in PTUs.",
      )
      .default("`Standard`")
      .allowed(code_list(skus))
      .example("sku: GlobalStandard")
    }
    (Section::Endpoint(Cloud::Azure), "capacity") => Field::new(
      json!({"type": "integer", "minimum": 1, "maximum": endpoints::MAX_CAPACITY, "description": "Thousands of tokens per minute, or PTUs for provisioned SKUs."}),
      "integer",
      "Thousands of tokens per minute, or PTUs for the provisioned SKUs, whose minimum and increment are the model's (`switchyard catalog --model ID`).",
    )
    .default("`10` for pay-as-you-go SKUs; required for provisioned SKUs")
    .allowed(format!("1 to {}", endpoints::MAX_CAPACITY))
    .example("capacity: 100"),
    (Section::Endpoint(Cloud::Aws), "throughput") => {
      let values: Vec<&str> = endpoints::THROUGHPUT.iter().map(|(k, _)| *k).collect();
      Field::new(
        enum_schema(&values, "on_demand, or provisioned model units of a foundation model."),
        "string",
        "`provisioned` buys model units of a foundation model (not an inference profile) in the context variant the catalog records.",
      )
      .default("`on_demand`")
      .allowed(code_list(values))
      .example("throughput: provisioned")
    }
    (Section::Endpoint(Cloud::Aws), "capacity") => Field::new(
      json!({"type": "integer", "minimum": 1, "maximum": endpoints::MAX_CAPACITY, "description": "Model units of provisioned throughput."}),
      "integer",
      "Model units of provisioned throughput.",
    )
    .default("- (required with `throughput: provisioned`, refused without)")
    .allowed(format!("1 to {}", endpoints::MAX_CAPACITY))
    .example("capacity: 2"),
    (Section::Endpoint(Cloud::Aws), "commitment") => {
      let values = accepted_commitments();
      Field::new(
        enum_schema(&values, "The term of the provisioned-throughput purchase."),
        "string",
        "The term of the provisioned-throughput purchase. Bedrock sells base-model throughput only with a commitment.",
      )
      .default("- (required with `throughput: provisioned`, refused without)")
      .allowed(code_list(values))
      .example("commitment: one_month")
    }
    (Section::Endpoint(Cloud::Gcp), "dedicated") => Field::new(
      json!({"type": "boolean", "const": false, "description": "Refused when true: Switchyard cannot deploy a model onto a dedicated endpoint."}),
      "boolean",
      "Only `false` is accepted. `true` asked for a dedicated `google_vertex_ai_endpoint` for a Model Garden open model, but the hashicorp/google provider deploys a model only onto an endpoint it creates itself (without the customer-managed key and Private Service Connect Switchyard's endpoint has), so the endpoint would serve nothing; `switchyard validate` refuses it.",
    )
    .default("`false`")
    .allowed("`false`")
    .example("dedicated: false"),

    (Section::Workload, "failover") => Field::new(
      json!({
        "type": "array",
        "description": "Endpoint names in failover order; the first is the primary.",
        "minItems": 1,
        "uniqueItems": true,
        "items": {"type": "string", "pattern": NAME_PATTERN},
      }),
      "list of endpoint names",
      "Endpoints in failover order, each once; the first is the primary. An endpoint with less than half the capacity of one it backs up (in comparable units) is warned about.",
    )
    .required()
    .allowed("1 or more declared endpoint names, each once")
    .example("failover: [gpt-east, claude-us, gemini-usc1]"),
    (Section::Workload, "model") => Field::new(
      json!({
        "type": "string",
        "minLength": 1,
        "description": "The model every link of the chain serves, by its catalog family (e.g. gpt-oss-120b).",
      }),
      "string",
      "The model the workload is, by the catalog's model family (`switchyard catalog --model ID` shows an endpoint model's family): every link of the chain should serve it, whatever each cloud calls it (`gpt-oss-120b` is `openai.gpt-oss-120b-1:0` on Bedrock). A link that serves another family, or whose family the catalog does not record, is a warning; so is a family no catalog model has. Without `model:`, the chain may change model, and only a smaller context window or a lost input modality from one link to the next is warned about.",
    )
    .default("none: the chain may change model")
    .example("model: gpt-oss-120b"),
    (Section::Workload, "budget") => budget_field("the workload's failover chain's"),
    (Section::Workload, "expected") => Field::new(
      json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["input_tokens_per_month", "output_tokens_per_month"],
        "properties": {
          "input_tokens_per_month": {"type": "integer", "minimum": 0},
          "output_tokens_per_month": {"type": "integer", "minimum": 0},
        },
        "description": "The tokens a month the workload expects, for its token cost in `plan`.",
      }),
      "mapping",
      "The load the workload expects a month, in input and output tokens. `plan` then shows what that load costs in tokens on the primary and, for each later link, what it would cost if failover sent it all there (reserved capacity includes its tokens, up to its throughput), with the price-list entry of each figure, and notes a later link that would serve it for less than the primary.",
    )
    .default("none: token costs are not shown")
    .example("expected: {input_tokens_per_month: 250000000, output_tokens_per_month: 50000000}"),
    (Section::Workload, "private") => Field::new(
      json!({"type": "boolean", "description": "Reachable only over private networking."}),
      "boolean",
      "Reachable only over private networking. An endpoint is private unless every workload using it is public; one endpoint used by a private and a public workload is an error, and so are Azure endpoints of one region (one account) that disagree.",
    )
    .default("`true`")
    .example("private: false"),
    (Section::Workload, "residency") => {
      let values: Vec<&str> = workloads::residency_choices().iter().map(|(k, _)| *k).collect();
      Field::new(
        enum_schema(&values, "Confine request processing to the EU or the US."),
        "string",
        "Confines where the workload's requests may be processed. An endpoint of the chain that can process a request outside it is an error: an Azure Global SKU, a DataZone SKU or region outside it, a Bedrock inference profile that routes outside it (`global.` always does), a region outside it. The EU means European Union member states (not the UK, Switzerland or Norway).",
      )
      .default("none")
      .allowed(code_list(values))
      .example("residency: eu")
    }
    _ => return Ok(None),
  }))
}

/// `budget:` of the blueprint or of a workload (issue 16).
fn budget_field(whose: &str) -> Field {
  Field::new(
    json!({
      "type": "object",
      "additionalProperties": false,
      "required": ["monthly"],
      "properties": {
        "monthly": {"type": "number", "minimum": 0, "description": "US dollars a month."},
        "currency": {"enum": ["USD"], "description": "The price list's currency; only USD."},
      },
      "description": format!("The most {whose} reserved capacity should cost a month, in US dollars."),
    }),
    "mapping",
    format!("The most the reserved capacity of {whose} (Azure provisioned throughput units, Bedrock Provisioned Throughput) should cost a month, in US dollars (`currency: USD`, the price list's only currency), at 730 hours a month and the catalog's list prices. `validate` warns and `plan` flags when the priced fixed monthly cost exceeds it; capacity the price list does not price is left out of the sum (see the README's Cost section)."),
  )
  .default("none")
  .example("budget: {monthly: 5000}")
}

fn accepted_commitments() -> Vec<&'static str> {
  Commitment::ALL
    .iter()
    .filter(|c| c.terraform().is_some())
    .map(|c| c.key())
    .collect()
}

/// A state backend setting; the analyzer checks names against each service's rules.
fn backend_field(kind: BackendKind, key: &str) -> Option<Field> {
  let text =
    |description: &str| json!({"type": "string", "minLength": 1, "description": description});
  Some(match (kind, key) {
    (BackendKind::S3, "bucket") | (BackendKind::Gcs, "bucket") => {
      Field::new(text("The bucket that holds the state."), "string", "The bucket that holds the state (it must exist).")
        .required()
        .example("bucket: acme-terraform-state")
    }
    (BackendKind::S3, "region") => region_field(Cloud::Aws, "The bucket's region.").required().example("region: us-east-1"),
    (BackendKind::S3, "key") | (BackendKind::Azurerm, "key") => Field::new(
      text("The state object's key."),
      "string",
      "The state object's key; defaults to one per root, `switchyard/<name>/<environment>/terraform.tfstate`.",
    )
    .default("one per root")
    .example("key: chat/prod.tfstate"),
    (BackendKind::S3, "kms_key_id") => Field::new(
      text("A KMS key ARN to encrypt the state with."),
      "string",
      "A KMS key ARN to encrypt the state with (it is always encrypted; without this, with S3's key).",
    )
    .example("kms_key_id: arn:aws:kms:us-east-1:123456789012:key/…"),
    (BackendKind::Azurerm, "storage_account_name") => Field::new(text("The storage account."), "string", "The storage account that holds the state.")
      .required()
      .example("storage_account_name: acmetfstate"),
    (BackendKind::Azurerm, "container_name") => Field::new(text("The blob container."), "string", "The blob container that holds the state.")
      .required()
      .example("container_name: tfstate"),
    (BackendKind::Azurerm, "resource_group_name") => Field::new(text("The storage account's resource group."), "string", "The storage account's resource group.")
      .example("resource_group_name: rg-tfstate"),
    (BackendKind::Azurerm, "subscription_id" | "tenant_id") => Field::new(
      text("A UUID."),
      "string (UUID)",
      "The storage account's subscription or tenant, when not the provider's.",
    )
    .example(format!("{key}: 00000000-0000-0000-0000-000000000000")),
    (BackendKind::Gcs, "prefix") => Field::new(
      text("The state object's prefix."),
      "string",
      "The state objects' prefix; defaults to one per root.",
    )
    .default("one per root")
    .example("prefix: chat/prod"),
    (BackendKind::Gcs, "kms_encryption_key") => Field::new(
      text("A Cloud KMS key to encrypt the state with."),
      "string",
      "A Cloud KMS key (`projects/…/cryptoKeys/…`) to encrypt the state with.",
    )
    .example("kms_encryption_key: projects/acme/locations/us/keyRings/tf/cryptoKeys/state"),
    _ => return None,
  })
}

/// The fields of a section, keys from the analyzer's tables.
fn fields(section: Section, catalog: &Catalog) -> Result<Vec<(&'static str, Field)>, Error> {
  section
    .keys()
    .into_iter()
    .map(|key| {
      field(section, key, catalog)?
        .map(|f| (key, f))
        .ok_or_else(|| {
          Error::internal(format!(
            "the blueprint key `{}{key}` has no schema: describe it in src/commands/schema.rs",
            section.prefix()
          ))
        })
    })
    .collect()
}

/// The object schema of a section, with the conditions a schema can express.
fn object(section: Section, catalog: &Catalog) -> Result<Value, Error> {
  let fields = fields(section, catalog)?;
  let mut properties = Map::new();
  let mut required = Vec::new();
  for (key, field) in &fields {
    properties.insert((*key).to_owned(), field.schema.clone());
    if field.required {
      required.push(*key);
    }
  }
  let mut object = json!({
    "type": "object",
    "additionalProperties": false,
    "required": required,
    "properties": properties,
  });
  let mut conditions = Vec::new();
  if let Section::Endpoint(cloud) = section {
    let ids = model_ids(catalog, cloud);
    conditions.push(json!({
      "if": {"properties": {"unlisted": {"const": true}}, "required": ["unlisted"]},
      "else": {"properties": {"model": {"enum": ids}}},
    }));
    conditions.extend(endpoint_conditions(cloud, catalog));
  }
  if !conditions.is_empty()
    && let Some(map) = object.as_object_mut()
  {
    map.insert("allOf".to_owned(), Value::Array(conditions));
  }
  Ok(object)
}

/// The PTU rules every provisioned model of a SKU group satisfies: the smallest minimum and
/// the greatest common increment, over the catalog and the SKU's general rule.
fn ptu_bounds(catalog: &Catalog, skus: &[AzureSku]) -> (u32, u32) {
  fn gcd(a: u32, b: u32) -> u32 {
    if b == 0 { a } else { gcd(b, a % b) }
  }
  let mut steps: Vec<(u32, u32)> = skus.iter().filter_map(|s| s.ptu_rule()).collect();
  for model in catalog.azure.models.values() {
    if let Some(rules) = &model.ptu {
      steps.extend(
        skus
          .iter()
          .filter_map(|s| rules.step(*s))
          .map(|s| (s.minimum, s.increment)),
      );
    }
  }
  let minimum = steps.iter().map(|(m, _)| *m).min().unwrap_or(1);
  let increment = steps.iter().fold(0, |acc, (_, i)| gcd(acc, *i)).max(1);
  (minimum, increment)
}

fn endpoint_conditions(cloud: Cloud, catalog: &Catalog) -> Vec<Value> {
  match cloud {
    Cloud::Azure => {
      let zone = [
        AzureSku::GlobalProvisionedManaged,
        AzureSku::DataZoneProvisionedManaged,
      ];
      let regional = [AzureSku::ProvisionedManaged];
      [&zone[..], &regional[..]]
        .into_iter()
        .map(|skus| {
          let (minimum, increment) = ptu_bounds(catalog, skus);
          let names: Vec<&str> = skus.iter().map(|s| s.as_str()).collect();
          json!({
            "if": {"properties": {"sku": {"enum": names}}, "required": ["sku"]},
            "then": {
              "required": ["capacity"],
              "properties": {"capacity": {"minimum": minimum, "multipleOf": increment}},
            },
          })
        })
        .collect()
    }
    Cloud::Aws => {
      let prefixes: Vec<&str> = catalog.aws.geos.iter().map(|g| g.prefix).collect();
      let profile = format!("^({})\\.", prefixes.join("|"));
      vec![json!({
        "if": {"properties": {"throughput": {"const": "provisioned"}}, "required": ["throughput"]},
        "then": {
          "required": ["capacity", "commitment"],
          "properties": {"model": {"not": {"pattern": profile}}},
        },
        "else": {"not": {"anyOf": [{"required": ["capacity"]}, {"required": ["commitment"]}]}},
      })]
    }
    Cloud::Gcp => {
      let served: Vec<&str> = catalog
        .gcp
        .models
        .values()
        .filter(|m| !m.dedicated)
        .map(|m| m.id.as_str())
        .collect();
      vec![json!({
        "if": {"properties": {"dedicated": {"const": true}}, "required": ["dedicated"]},
        "then": {"properties": {"model": {"not": {"enum": served}}}},
      })]
    }
  }
}

fn root(catalog: &Catalog) -> Result<Value, Error> {
  let mut schema = object(Section::Root, catalog)?;
  if let Some(map) = schema.as_object_mut() {
    map.insert(
      "$schema".to_owned(),
      json!("http://json-schema.org/draft-07/schema#"),
    );
    map.insert(
      "title".to_owned(),
      json!(format!(
        "Switchyard blueprint, version {}",
        analyzer::FORMAT_VERSION
      )),
    );
    map.insert(
      "description".to_owned(),
      json!("Multi-cloud AI endpoints with failover, rendered as Terraform by `switchyard render`. Generated by `switchyard schema`; see docs/blueprint.md."),
    );
  }
  Ok(schema)
}

/// The JSON Schema, pretty-printed (keys sorted, so the same build prints the same bytes).
pub(crate) fn json() -> Result<String, Error> {
  let schema = root(catalog::get()?)?;
  serde_json::to_string_pretty(&schema)
    .map(|text| text + "\n")
    .map_err(|e| Error::internal(format!("cannot print the schema: {e}")))
}

/// A complete blueprint using most keys, for the reference; a test keeps it valid.
const EXAMPLE: &str = "# yaml-language-server: $schema=./switchyard.schema.json
version: 1
name: support-chat
environment: prod
tags: {team: ml-platform, cost-center: \"4711\"}
clouds:
  azure: {region: eastus2, cidr: 10.10.0.0/16, subscription_id: 6f1c2b3a-9d8e-4f70-a1b2-c3d4e5f60718}
  aws: {region: us-east-1, cidr: 10.20.0.0/16}
  gcp: {project: acme-ml-prod, region: us-central1, cidr: 10.30.0.0/16}
endpoints:
  gpt-east:
    cloud: azure
    model: gpt-5.1
    version: \"2025-11-13\"
    sku: DataZoneStandard
    capacity: 150
  gpt-west:
    cloud: azure
    region: westus3
    model: gpt-5.1
    sku: ProvisionedManaged
    capacity: 50          # 50 PTUs, about 237K input tokens per minute
  claude-us:
    cloud: aws
    model: us.anthropic.claude-sonnet-4-6
  nova-ptu:
    cloud: aws
    model: amazon.nova-pro-v1:0
    throughput: provisioned
    capacity: 1
    commitment: one_month
  gemini-usc1:
    cloud: gcp
    model: gemini-3.5-flash
  next-model:
    cloud: gcp
    model: gemini-9-preview
    unlisted: true        # newer than the catalog: a warning, not an error
workloads:
  chat:
    failover: [gpt-east, gpt-west, claude-us, gemini-usc1]
    residency: us
  batch:
    failover: [nova-ptu, next-model]
    private: false
";

/// The blueprint reference (docs/blueprint.md).
pub(crate) fn markdown() -> Result<String, Error> {
  let catalog = catalog::get()?;
  let mut out = String::new();
  out.push_str(
    "<!-- Generated by `switchyard schema --format markdown` from the tables the analyzer reads\n",
  );
  out.push_str("     blueprints with; a test fails when this file and the code disagree. Do not edit by hand. -->\n\n");
  out.push_str(&format!(
    "# Blueprint reference (version {})\n\n",
    analyzer::FORMAT_VERSION
  ));
  out.push_str("A blueprint is one YAML file: which models run on which cloud and region with which capacity,\n");
  out.push_str("and in which order each workload fails over. `switchyard validate` checks it and reports every\n");
  out.push_str("problem with its file, line, column and YAML path; `switchyard schema` prints the JSON Schema\n");
  out.push_str("editors use to check it as you type (see [Editor support](#editor-support)).\n\n");
  out.push_str("```yaml\n");
  out.push_str(EXAMPLE);
  out.push_str("```\n\n");
  out.push_str("Sections: [Top level](#top-level) · [clouds](#clouds) · [endpoints](#endpoints) · [workloads](#workloads) · [network](#network) · [backend](#backend) · [Models](#models) · [Regions](#regions) · [Editor support](#editor-support)\n\n");

  out.push_str("## Top level\n\n");
  section_markdown(&mut out, Section::Root, catalog, "###")?;
  out.push_str("## clouds\n\n");
  out.push_str("Each configured cloud has its home region and private address space.\n\n");
  for cloud in Cloud::ALL {
    out.push_str(&format!("### {}\n\n", Section::Cloud(cloud).title()));
    section_markdown(&mut out, Section::Cloud(cloud), catalog, "####")?;
  }
  out.push_str("## endpoints\n\n");
  out.push_str(
    "Every endpoint takes `cloud`, `region`, `model` and `unlisted`, and the keys of its cloud;\n",
  );
  out.push_str("another cloud's key is an error naming the cloud it belongs to. Each endpoint is checked against the\n");
  out.push_str("[model catalog](#models): the model must exist, be offered in the region (Azure: in the version\n");
  out.push_str("and SKU), and not be retired; a retirement within 90 days is a warning. The day is today, or\n");
  out.push_str("`SWITCHYARD_TODAY=YYYY-MM-DD` when set.\n\n");
  out.push_str("### Every endpoint\n\n");
  common_endpoint_markdown(&mut out, catalog)?;
  for cloud in Cloud::ALL {
    out.push_str(&format!("### {}\n\n", Section::Endpoint(cloud).title()));
    let own: Vec<(&'static str, Field)> = fields(Section::Endpoint(cloud), catalog)?
      .into_iter()
      .filter(|(key, _)| !endpoints::COMMON.contains(key))
      .collect();
    fields_markdown(&mut out, Section::Endpoint(cloud), own, "####");
  }
  out.push_str("## workloads\n\n");
  section_markdown(&mut out, Section::Workload, catalog, "###")?;
  out.push_str("## network\n\n");
  section_markdown(&mut out, Section::Network, catalog, "###")?;
  out.push_str("## backend\n\n");
  out.push_str("Exactly one of the kinds below; see [docs/gitops.md](gitops.md).\n\n");
  for kind in BackendKind::ALL {
    out.push_str(&format!("### {}\n\n", Section::Backend(kind).title()));
    section_markdown(&mut out, Section::Backend(kind), catalog, "####")?;
  }

  out.push_str("## Models\n\n");
  out.push_str(
    "The model catalog (`catalog/*.yaml`, built into the binary) lists, per cloud, the models a\n",
  );
  out.push_str("blueprint may name without `unlisted: true`. `switchyard catalog --model ID` shows where a model is\n");
  out.push_str("offered and until when.\n\n");
  for cloud in Cloud::ALL {
    let ids = model_ids(catalog, cloud);
    out.push_str(&format!(
      "- **{cloud}** (catalog reviewed {}): {}\n",
      catalog.reviewed(cloud),
      code_list(catalog.model_ids(cloud))
    ));
    if cloud == Cloud::Aws {
      out.push_str(&format!(
        "  and their inference profiles ({} ids in all)\n",
        ids.len()
      ));
    }
  }
  out.push_str("\n## Regions\n\n");
  for cloud in Cloud::ALL {
    out.push_str(&format!(
      "- **{cloud}**: {}\n",
      code_list(regions::known(cloud).iter().copied())
    ));
  }
  out.push_str("\n## Editor support\n\n");
  out.push_str("`switchyard schema > switchyard.schema.json` writes the JSON Schema of this format, with the\n");
  out.push_str("catalog's models and the regions as allowed values. With the YAML extension of VS Code (or any\n");
  out.push_str("editor using yaml-language-server), start a blueprint with:\n\n");
  out.push_str("```yaml\n# yaml-language-server: $schema=./switchyard.schema.json\n```\n\n");
  out.push_str("The schema checks shape, types, names, allowed values and required keys as you type. What needs\n");
  out.push_str("the whole blueprint (references between sections, overlapping address spaces, privacy, a model's\n");
  out.push_str("regions and retirement) is checked by `switchyard validate`.\n");
  Ok(out)
}

fn section_markdown(
  out: &mut String,
  section: Section,
  catalog: &Catalog,
  level: &str,
) -> Result<(), Error> {
  let fields = fields(section, catalog)?;
  fields_markdown(out, section, fields, level);
  Ok(())
}

fn fields_markdown(
  out: &mut String,
  section: Section,
  fields: Vec<(&'static str, Field)>,
  level: &str,
) {
  for (key, field) in fields {
    out.push_str(&format!("{level} `{}{key}`\n\n", section.prefix()));
    out.push_str(&field.description);
    out.push_str("\n\n");
    out.push_str(&format!("- type: {}\n", field.kind));
    out.push_str(&format!("- default: {}\n", field.default));
    if !field.allowed.is_empty() {
      out.push_str(&format!("- allowed: {}\n", field.allowed));
    }
    if !field.example.is_empty() {
      out.push_str(&format!("- example: `{}`\n", field.example));
    }
    out.push('\n');
  }
}

/// The keys every endpoint takes, once: a text the clouds share is shown once, one they word
/// differently per cloud.
fn common_endpoint_markdown(out: &mut String, catalog: &Catalog) -> Result<(), Error> {
  let per_cloud: Vec<(Cloud, Vec<(&'static str, Field)>)> = Cloud::ALL
    .into_iter()
    .map(|cloud| fields(Section::Endpoint(cloud), catalog).map(|f| (cloud, f)))
    .collect::<Result<_, _>>()?;
  for key in endpoints::COMMON {
    let variants: Vec<(Cloud, &Field)> = per_cloud
      .iter()
      .filter_map(|(cloud, fields)| {
        fields
          .iter()
          .find(|(k, _)| k == key)
          .map(|(_, f)| (*cloud, f))
      })
      .collect();
    let merged = |text: &dyn Fn(&Field) -> String, separator: &str| -> String {
      let first = variants.first().map(|(_, f)| text(f)).unwrap_or_default();
      if variants.iter().all(|(_, f)| text(f) == first) {
        first
      } else {
        variants
          .iter()
          .map(|(cloud, f)| format!("{cloud}: {}", text(f)))
          .collect::<Vec<_>>()
          .join(separator)
      }
    };
    out.push_str(&format!("#### `endpoints.<name>.{key}`\n\n"));
    out.push_str(&merged(&|f| f.description.clone(), "\n\n"));
    out.push_str("\n\n");
    out.push_str(&format!(
      "- type: {}\n",
      merged(&|f| f.kind.to_owned(), "; ")
    ));
    out.push_str(&format!(
      "- default: {}\n",
      merged(&|f| f.default.clone(), "; ")
    ));
    let allowed = merged(&|f| f.allowed.clone(), "; ");
    if !allowed.is_empty() {
      out.push_str(&format!("- allowed: {allowed}\n"));
    }
    let examples: Vec<String> = variants
      .iter()
      .map(|(_, f)| format!("`{}`", f.example))
      .collect();
    let mut unique = examples.clone();
    unique.dedup();
    out.push_str(&format!("- example: {}\n\n", unique.join(", ")));
  }
  Ok(())
}

#[cfg(test)]
mod tests {
  use std::path::{Path, PathBuf};

  use super::*;
  use crate::analysis::analyzer::Settings;
  use crate::input::node::Node;
  use crate::input::yaml;

  fn project() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
  }

  /// The blueprint as the JSON value a schema validator sees.
  fn to_json(node: &Node) -> Value {
    match node {
      Node::Null => Value::Null,
      Node::Bool(b) => json!(b),
      Node::Integer(i) => match i64::try_from(*i) {
        Ok(i) => json!(i),
        Err(_) => json!(*i as f64),
      },
      Node::Float(f) => json!(f),
      Node::String(s) => json!(s),
      Node::Sequence(items) => Value::Array(items.iter().map(to_json).collect()),
      Node::Mapping(entries) => Value::Object(
        entries
          .iter()
          .map(|(k, v)| (k.clone(), to_json(v)))
          .collect(),
      ),
    }
  }

  fn validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(&json().unwrap()).unwrap();
    jsonschema::draft7::new(&schema).unwrap()
  }

  fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
      .unwrap()
      .map(|e| e.unwrap().path())
      .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
      .collect();
    files.sort();
    files
  }

  #[test]
  fn every_bundled_blueprint_and_the_reference_example_validate() {
    let validator = validator();
    // Overlay files (`chat.prod.yaml` beside `chat.yaml`) are partial documents; their base is
    // validated, and the merged result by `switchyard validate`.
    let bases = yaml_files(&project().join("blueprints"));
    let is_overlay = |p: &PathBuf| {
      let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
      stem.split_once('.').is_some_and(|(base, _)| {
        bases
          .iter()
          .any(|b| b.file_stem().unwrap().to_string_lossy() == base)
      })
    };
    let mut documents: Vec<(String, String)> = bases
      .iter()
      .filter(|p| !is_overlay(p))
      .map(|p| (p.display().to_string(), std::fs::read_to_string(p).unwrap()))
      .collect();
    documents.push(("the reference example".to_owned(), EXAMPLE.to_owned()));
    assert!(documents.len() >= 4);
    for (name, text) in documents {
      let instance = to_json(&yaml::parse(&text).unwrap());
      let errors: Vec<String> = validator
        .iter_errors(&instance)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
      assert!(errors.is_empty(), "{name}: {errors:#?}");
    }
  }

  /// Bad blueprints a schema cannot see: cross-references, address arithmetic, privacy, the
  /// catalog's regions and dates. The schema must accept them (if it learns to reject one,
  /// move it to the detectable side).
  const SEMANTIC: &[&str] = &[
    "aws-mantle-provisioned",
    "aws-profile-wrong-geo",
    // Where `callers` lies relative to `cidr` needs both values.
    "azure-callers-outside",
    "azure-callers-overlap",
    "cidr-host-bits",
    "cidr-overlap",
    "endpoint-cloud-not-configured",
    "failover-unknown-endpoint",
    // JSON Schema counts 1.0 as an integer; the analyzer wants `1` written as an integer.
    "float-version",
    "gcp-label-collision",
    // IDs checked against the endpoint's cloud, region and project; names against each other
    // and the chains.
    "lifecycle-adopt",
    "lifecycle-moved-from-existing",
    "lifecycle-release",
    "mixed-privacy",
    "model-not-in-region",
    "model-retired",
    "network-aws-cidr-too-small",
    "network-vpn-off-cross-cloud",
    "residency-global-sku",
  ];
  /// Not YAML a schema could read at all.
  const NOT_YAML: &[&str] = &[
    "alias-bytes",
    "billion-laughs",
    "binary-garbage",
    "boolean-key",
    "capacity-huge",
    "complex-key",
    "control-character",
    "deep-nesting",
    "duplicate-key",
    "multi-document",
    "nul-byte",
    "numeric-key",
    "raw-control-character",
    "syntax-unclosed-flow",
    "tabs",
    "yaml-tag",
  ];

  #[test]
  fn the_schema_rejects_every_schema_detectable_bad_blueprint() {
    let validator = validator();
    let mut detected = 0;
    let mut misfiled = Vec::new();
    for path in yaml_files(&project().join("tests/errors")) {
      let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
      // As the source layer reads it: UTF-8, a byte-order mark dropped.
      let parsed = std::fs::read(&path)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| yaml::parse(text.strip_prefix('\u{feff}').unwrap_or(&text)).ok());
      let not_yaml = NOT_YAML.contains(&stem.as_str());
      let Some(node) = parsed else {
        if !not_yaml {
          misfiled.push(format!("{stem} does not parse; list it in NOT_YAML"));
        }
        continue;
      };
      if not_yaml {
        misfiled.push(format!("{stem} parses; take it out of NOT_YAML"));
        continue;
      }
      let valid = validator.is_valid(&to_json(&node));
      match (SEMANTIC.contains(&stem.as_str()), valid) {
        (true, false) => misfiled.push(format!(
          "{stem} is rejected by the schema; move it out of SEMANTIC"
        )),
        (false, true) => misfiled.push(format!(
          "the schema accepts {stem}; make the schema catch it or list it in SEMANTIC"
        )),
        (false, false) => detected += 1,
        (true, true) => {}
      }
    }
    assert!(misfiled.is_empty(), "{misfiled:#?}");
    assert!(detected >= 35, "{detected}");
  }

  #[test]
  fn the_reference_example_is_a_valid_blueprint() {
    let node = yaml::parse(EXAMPLE).unwrap();
    let settings = Settings {
      today: catalog::Date::parse("2026-06-01").unwrap(),
      allow_unlisted: false,
    };
    match analyzer::analyze(&node, &settings) {
      Ok((_, warnings)) => {
        assert_eq!(warnings.len(), 1, "{warnings:#?}");
        assert!(warnings[0].message.contains("gemini-9-preview"));
      }
      Err(problems) => panic!("{problems:#?}"),
    }
  }

  #[test]
  fn docs_blueprint_md_is_generated_from_the_tables() {
    let committed =
      std::fs::read_to_string(project().join("docs/blueprint.md")).unwrap_or_default();
    assert!(
      committed == markdown().unwrap(),
      "docs/blueprint.md is out of date: run `cargo run -- schema --format markdown > docs/blueprint.md` and review the diff"
    );
  }

  #[test]
  fn every_analyzer_key_has_a_schema_and_a_reference_entry() {
    let catalog = catalog::get().unwrap();
    let mut sections = vec![Section::Root, Section::Workload];
    for cloud in Cloud::ALL {
      sections.push(Section::Cloud(cloud));
      sections.push(Section::Endpoint(cloud));
    }
    for section in sections {
      let fields = fields(section, catalog).unwrap();
      assert_eq!(fields.len(), section.keys().len());
      for (key, field) in fields {
        assert!(!field.description.is_empty(), "{key}");
        assert!(field.schema.is_object(), "{key}");
      }
    }
    let schema: Value = serde_json::from_str(&json().unwrap()).unwrap();
    let top: Vec<&String> = schema["properties"].as_object().unwrap().keys().collect();
    assert_eq!(top.len(), analyzer::TOP_KEYS.len());
    assert!(
      json().unwrap().contains("\"gpt-4.1\""),
      "catalog models are allowed values"
    );
  }

  #[test]
  fn the_cidr_pattern_follows_the_layout_bounds() {
    let pattern = cidr_pattern(Cloud::Aws);
    let aws = regex_match(&pattern);
    assert!(aws("10.20.0.0/16"));
    assert!(aws("172.31.0.0/22"));
    assert!(!aws("10.0.0.0/8"), "AWS takes at most a /12");
    assert!(!aws("10.20.0.0/24"));
    assert!(!aws("8.8.0.0/16"));
    assert!(!aws("10.20.0.0/33"));
    let azure = cidr_pattern(Cloud::Azure);
    assert!(regex_match(&azure)("10.0.0.0/8"));
  }

  fn regex_match(pattern: &str) -> impl Fn(&str) -> bool {
    let schema = json!({"type": "string", "pattern": pattern});
    let validator = jsonschema::draft7::new(&schema).unwrap();
    move |text: &str| validator.is_valid(&json!(text))
  }
}
