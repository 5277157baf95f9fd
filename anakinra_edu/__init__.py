"""anakinra_edu."""
