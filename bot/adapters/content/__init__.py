"""The catalogue as files: the editors' YAML and Open Referral HSDS JSON."""
