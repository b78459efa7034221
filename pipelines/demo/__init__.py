"""The built-in demo municipality "Gemeente Voorbeeld": databases, file share, register, config."""

from pipelines.demo.generate import DemoManifest, PlantedCase, generate_demo

__all__ = ["DemoManifest", "PlantedCase", "generate_demo"]
