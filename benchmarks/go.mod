module github.com/paykit/pay/benchmarks

go 1.26.0

require (
	github.com/go-json-experiment/json v1.27.2
	github.com/paykit/pay v0.0.0
	github.com/stretchr/testify v1.12.1
)

require (
	go.yaml.in/yaml/v3 v3.0.5 // indirect
	golang.org/x/time v0.16.0 // indirect
)

require (
	github.com/google/go-querystring v1.2.0 // indirect
	github.com/hashicorp/go-cleanhttp v0.5.2 // indirect
	github.com/hashicorp/go-retryablehttp v0.7.8 // indirect
	github.com/stripe/stripe-go/v84 v84.4.1
)

replace github.com/paykit/pay => ../
